import { type AliasedRawBuilder, sql } from 'kysely';
import { newId } from '../db/ids.ts';
import type { GlobalTx } from '../db/tenancy.ts';
import { AppError } from '../http/errors.ts';
import { hashPassword } from './crypto.ts';
import { deleteMfa } from './mfa-repo.ts';
import { revokeAllSessions } from './sessions.ts';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * One person per phone: returns the user behind this phone, creating one if needed.
 * `verified` says the person just proved they hold the phone (OTP); a phone typed in by the front
 * desk is recorded unverified until its owner signs in with it.
 */
export async function findOrCreatePhoneUser(
  tx: GlobalTx,
  phone: string,
  opts: { name?: string; verified: boolean },
): Promise<{ userId: string; created: boolean }> {
  const existing = await tx.db
    .selectFrom('identities')
    .select('user_id')
    .where('kind', '=', 'phone')
    .where('value', '=', phone)
    .executeTakeFirst();
  if (existing) {
    if (opts.verified) {
      await tx.db
        .updateTable('identities')
        .set({ verified_at: tx.now })
        .where('kind', '=', 'phone')
        .where('value', '=', phone)
        .where('verified_at', 'is', null)
        .execute();
    }
    return { userId: existing.user_id, created: false };
  }
  const userId = newId(tx.now.getTime());
  await tx.db
    .insertInto('users')
    .values({ id: userId, name: opts.name ?? 'Patient', locale: null, platform_role: null })
    .execute();
  // Two first sign-ins racing for one phone: the unique key keeps one identity.
  const inserted = await tx.db
    .insertInto('identities')
    .values({
      id: newId(),
      user_id: userId,
      kind: 'phone',
      value: phone,
      verified_at: opts.verified ? tx.now : null,
      password_hash: null,
    })
    .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (inserted) return { userId, created: true };
  const winner = await tx.db
    .selectFrom('identities')
    .select('user_id')
    .where('kind', '=', 'phone')
    .where('value', '=', phone)
    .executeTakeFirstOrThrow();
  return { userId: winner.user_id, created: false };
}

/**
 * Two requests creating an account for the same new email at once: the unique key lets one
 * through and the other fails with this. Callers answer 409 (retrying finds the account) rather
 * than hand the loser's grant to an account someone else just made.
 */
export function isEmailIdentityRace(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && e.constraint === 'identities_kind_value_key';
}

export const emailRace = () =>
  new AppError(409, 'try_again', 'This email was just registered by another request; try again');

export interface EmailIdentity {
  userId: string;
  name: string;
  passwordHash: string | null;
  /** The holder proved they read this mailbox (accepted a link sent only there). */
  verified: boolean;
  status: 'active' | 'disabled';
}

/**
 * An identity's password hash, as `password_hash`. The app role cannot read the column (migration
 * 0006): this function answers in a platform transaction (sign-in), and inside a clinic's only
 * for an email with a pending invitation of that clinic (accepting it with one's own password).
 */
export function passwordHashOf(
  identityId: 'identities.id',
): AliasedRawBuilder<string | null, 'password_hash'> {
  return sql<string | null>`identity_password_hash(${sql.ref(identityId)})`.as('password_hash');
}

/**
 * The account that signs in with this email, if any. `lock` holds the row until the transaction
 * ends, so two invitations accepted at once for one unverified account cannot both claim it.
 */
export async function findEmailIdentity(
  tx: GlobalTx,
  rawEmail: string,
  opts: { lock?: boolean } = {},
): Promise<EmailIdentity | undefined> {
  let q = tx.db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select([
      'users.id',
      'users.name',
      passwordHashOf('identities.id'),
      'identities.verified_at',
      'users.status',
    ])
    .where('identities.kind', '=', 'email')
    .where('identities.value', '=', normalizeEmail(rawEmail));
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return (
    row && {
      userId: row.id,
      name: row.name,
      passwordHash: row.password_hash,
      verified: row.verified_at !== null,
      status: row.status,
    }
  );
}

/**
 * Finds the user with this email, or creates one with this name and password.
 * An existing account is returned untouched: its password is never set or changed here, and
 * `verified` says whether its email was ever proven. Anyone can create an account for any email
 * (an owner typing an initial password), so only a verified account may be trusted to be the
 * person behind the email; callers must not grant anything to an unverified one that they found
 * rather than created. `verified: true` on creation is for accounts whose holder just proved the
 * mailbox, or that the system itself made (the demo seed).
 */
export async function findOrCreateEmailUser(
  tx: GlobalTx,
  input: {
    email: string;
    name: string;
    password?: string | undefined;
    platformRole?: 'admin' | null;
    verified?: boolean;
  },
): Promise<{ userId: string; created: boolean; verified: boolean }> {
  const email = normalizeEmail(input.email);
  const existing = await findEmailIdentity(tx, email);
  if (existing) return { userId: existing.userId, created: false, verified: existing.verified };
  const userId = newId(tx.now.getTime());
  await tx.db
    .insertInto('users')
    .values({ id: userId, name: input.name, locale: null, platform_role: input.platformRole ?? null })
    .execute();
  const verified = input.verified === true;
  await tx.db
    .insertInto('identities')
    .values({
      id: newId(),
      user_id: userId,
      kind: 'email',
      value: email,
      password_hash: input.password ? await hashPassword(input.password) : null,
      verified_at: verified ? tx.now : null,
    })
    .execute();
  return { userId, created: true, verified };
}

/**
 * The holder of the mailbox takes over an account whose email was never verified: the password
 * becomes theirs, the email is marked verified, and every session of the account is revoked, so
 * whoever chose the earlier password (an owner's "initial password") is signed out for good.
 * Returns how many sessions were revoked.
 */
export async function claimUnverifiedEmail(tx: GlobalTx, userId: string, password: string): Promise<number> {
  const updated = await tx.db
    .updateTable('identities')
    .set({ password_hash: await hashPassword(password), verified_at: tx.now })
    .where('user_id', '=', userId)
    .where('kind', '=', 'email')
    .where('verified_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  // Callers read the identity locked (findEmailIdentity with `lock`), so it cannot have been
  // verified in between; if it was, refuse rather than overwrite that holder's password.
  if (!updated) throw new Error('email identity is not unverified any more');
  // A second factor set up by whoever chose the old password is theirs, not the mailbox holder's.
  await deleteMfa(tx, userId);
  return revokeAllSessions(tx, userId, 'email_claimed');
}
