import { sql } from 'kysely';
import { newId } from '../db/ids.ts';
import type { GlobalTx } from '../db/tenancy.ts';

/**
 * SQL of the second factor (migration 0009). The app role cannot read the sealed key, the
 * recovery-code hashes or the challenge-token hashes: it asks the definer functions, which answer
 * only in a platform transaction.
 */

export interface MfaState {
  confirmedAt: Date | null;
}

export async function readMfaState(tx: GlobalTx, userId: string): Promise<MfaState | undefined> {
  const row = await tx.db
    .selectFrom('user_mfa')
    .select('confirmed_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && { confirmedAt: row.confirmed_at };
}

export async function readSealedSecret(tx: GlobalTx, userId: string): Promise<Buffer | null> {
  const { rows } = await sql<{ s: Buffer | null }>`select mfa_totp_secret(${userId}) as s`.execute(tx.db);
  const sealed = rows[0]?.s;
  return sealed ? Buffer.from(sealed) : null; // PGlite answers a Uint8Array
}

/** A new, unconfirmed key (replacing an unconfirmed one). False when the account already has a confirmed one. */
export async function putPendingSecret(tx: GlobalTx, userId: string, sealed: Buffer): Promise<boolean> {
  const row = await tx.db
    .insertInto('user_mfa')
    .values({ user_id: userId, secret_enc: sealed, created_at: tx.now })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret_enc: sealed, created_at: tx.now, last_used_step: null })
        .where('user_mfa.confirmed_at', 'is', null),
    )
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes time step `step` for the account: one statement, so of two requests with the same code
 * (or a code of an earlier step) only the first succeeds. `confirm`: the key is pending and
 * becomes the account's; otherwise it must be confirmed already.
 */
export async function claimStep(
  tx: GlobalTx,
  userId: string,
  step: number,
  confirm = false,
): Promise<boolean> {
  const row = await tx.db
    .updateTable('user_mfa')
    .set(confirm ? { last_used_step: step, confirmed_at: tx.now } : { last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', confirm ? 'is' : 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', String(step))]))
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function replaceRecoveryCodes(tx: GlobalTx, userId: string, hashes: string[]): Promise<void> {
  await tx.db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await tx.db
    .insertInto('mfa_recovery_codes')
    .values(
      hashes.map((h, i) => ({
        id: newId(tx.now.getTime() + i),
        user_id: userId,
        code_hash: h,
        created_at: tx.now,
      })),
    )
    .execute();
}

/** The account's unused recovery codes' hashes (argon2id, salted: compared in the process). */
export async function unusedRecoveryCodeHashes(
  tx: GlobalTx,
  userId: string,
): Promise<Array<{ id: string; hash: string }>> {
  const { rows } = await sql<{ id: string; code_hash: string }>`
    select id, code_hash from mfa_recovery_code_hashes(${userId})`.execute(tx.db);
  return rows.map((r) => ({ id: r.id, hash: r.code_hash }));
}

/** Uses a recovery code up. `used_at` is re-checked in the same statement: of two uses at once one wins. */
export async function useRecoveryCode(tx: GlobalTx, id: string): Promise<boolean> {
  const row = await tx.db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: tx.now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function unusedRecoveryCodes(tx: GlobalTx, userId: string): Promise<number> {
  const row = await tx.db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the account's second factor; its sessions no longer count as having passed one. */
export async function deleteMfa(tx: GlobalTx, userId: string): Promise<void> {
  await tx.db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await tx.db.deleteFrom('mfa_challenges').where('user_id', '=', userId).execute();
  await tx.db.deleteFrom('user_mfa').where('user_id', '=', userId).execute();
  await tx.db
    .updateTable('sessions')
    .set({ mfa_at: null })
    .where('user_id', '=', userId)
    .where('mfa_at', 'is not', null)
    .execute();
}

export async function markSessionMfa(tx: GlobalTx, sessionId: string): Promise<void> {
  await tx.db.updateTable('sessions').set({ mfa_at: tx.now }).where('id', '=', sessionId).execute();
}

export async function insertChallenge(
  tx: GlobalTx,
  row: { userId: string; tokenHash: Buffer; expiresAt: Date; ip: string | null },
): Promise<void> {
  await tx.db
    .insertInto('mfa_challenges')
    .values({
      id: newId(tx.now.getTime()),
      token_hash: row.tokenHash,
      user_id: row.userId,
      created_at: tx.now,
      expires_at: row.expiresAt,
      ip: row.ip,
    })
    .execute();
}

/**
 * Counts one attempt on a live challenge (unused, unexpired, attempts left) and answers whose it
 * is; undefined when it is not live. One statement: parallel attempts cannot exceed `max`.
 */
export async function countChallengeAttempt(
  tx: GlobalTx,
  tokenHash: Buffer,
  max: number,
): Promise<{ id: string; userId: string } | undefined> {
  const row = await tx.db
    .updateTable('mfa_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', sql<string>`mfa_challenge_id(${tokenHash})`)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', tx.now)
    .where('attempts', '<', max)
    .returning(['id', 'user_id'])
    .executeTakeFirst();
  return row && { id: row.id, userId: row.user_id };
}

/** Uses the challenge up (once). */
export async function consumeChallenge(tx: GlobalTx, id: string): Promise<boolean> {
  const row = await tx.db
    .updateTable('mfa_challenges')
    .set({ consumed_at: tx.now })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Challenges past their time or used (the housekeeping job can call it). */
export async function deleteDeadChallenges(tx: GlobalTx, before: Date): Promise<number> {
  const rows = await tx.db
    .deleteFrom('mfa_challenges')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('consumed_at', 'is not', null)]))
    .returning('id')
    .execute();
  return rows.length;
}
