import { sql } from 'kysely';
import type { GlobalTx } from '../db/tenancy.ts';
import { passwordHashOf } from './users.ts';

/** SQL of passwords and reset links (platform/auth/password-*.ts use it). */

export interface PasswordAccount {
  userId: string;
  email: string;
  name: string;
  passwordHash: string | null;
  status: 'active' | 'disabled';
}

type AccountRow = {
  id: string;
  name: string;
  status: 'active' | 'disabled';
  value: string;
  password_hash: string | null;
};

const toAccount = (row: AccountRow): PasswordAccount => ({
  userId: row.id,
  email: row.value,
  name: row.name,
  passwordHash: row.password_hash,
  status: row.status,
});

/** The account's email sign-in, if it has one (patients signing in by phone have none). */
export async function readPasswordAccount(
  tx: GlobalTx,
  userId: string,
): Promise<PasswordAccount | undefined> {
  const row = await tx.db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select(['users.id', 'users.name', 'users.status', 'identities.value', passwordHashOf('identities.id')])
    .where('identities.user_id', '=', userId)
    .where('identities.kind', '=', 'email')
    .executeTakeFirst();
  return row && toAccount(row);
}

/**
 * Sets the account's password. `expectHash`: only if the password is still the one that was just
 * checked (two changes racing: the later one finds it changed and does nothing). `verifyEmail`:
 * the person proved they read the mailbox, so the email becomes verified.
 * The identities trigger (migration 0004) drops every instance's cached sessions of the user.
 */
export async function setPasswordHash(
  tx: GlobalTx,
  userId: string,
  hash: string,
  opts: { expectHash?: string; verifyEmail?: boolean } = {},
): Promise<boolean> {
  let q = tx.db
    .updateTable('identities')
    .set((eb) => ({
      password_hash: hash,
      verified_at: opts.verifyEmail ? eb.fn.coalesce('verified_at', eb.val(tx.now)) : eb.ref('verified_at'),
    }))
    .where('user_id', '=', userId)
    .where('kind', '=', 'email');
  // The app role cannot read the column, not even in a WHERE (migration 0006): ask the function.
  if (opts.expectHash !== undefined) {
    q = q.where(sql<string>`identity_password_hash(${sql.ref('identities.id')})`, '=', opts.expectHash);
  }
  const row = await q.returning('id').executeTakeFirst();
  return row !== undefined;
}

/** The clinics where the user works (staff roles), for recording account changes in their audit. */
export async function staffClinicsOf(tx: GlobalTx, userId: string): Promise<string[]> {
  const rows = await tx.db
    .selectFrom('memberships')
    .select('clinic_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where('role', 'in', ['owner', 'doctor', 'secretary'])
    .execute();
  return rows.map((r) => r.clinic_id);
}

/** Ends the account's reset links that are still unused (a newer one replaces them). */
export async function supersedeResets(tx: GlobalTx, userId: string): Promise<void> {
  await tx.db
    .updateTable('password_resets')
    .set({ revoked_at: tx.now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertReset(
  tx: GlobalTx,
  row: { id: string; userId: string; tokenHash: Buffer; expiresAt: Date; ip: string | null },
): Promise<void> {
  await tx.db
    .insertInto('password_resets')
    .values({
      id: row.id,
      user_id: row.userId,
      token_hash: row.tokenHash,
      created_at: tx.now,
      expires_at: row.expiresAt,
      ip: row.ip,
    })
    .execute();
}

/** The account behind a reset link that still works (unused, not superseded, not expired, account active). */
export async function findLiveReset(tx: GlobalTx, tokenHash: Buffer): Promise<PasswordAccount | undefined> {
  const row = await tx.db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .innerJoin('identities', (j) =>
      j.onRef('identities.user_id', '=', 'users.id').on('identities.kind', '=', 'email'),
    )
    .select(['users.id', 'users.name', 'users.status', 'identities.value', passwordHashOf('identities.id')])
    .where('password_resets.token_hash', '=', tokenHash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.revoked_at', 'is', null)
    .where('password_resets.expires_at', '>', tx.now)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  return row && toAccount(row);
}

/**
 * Uses a reset link up: one statement that succeeds for exactly one caller, however many present
 * the same token at once (the others find it used). Answers the account's user id, or undefined.
 */
export async function consumeReset(tx: GlobalTx, tokenHash: Buffer): Promise<string | undefined> {
  const row = await tx.db
    .updateTable('password_resets')
    .set({ used_at: tx.now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', tx.now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}
