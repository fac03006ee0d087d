import { newId } from '../db/ids.ts';
import type { GlobalTx } from '../db/tenancy.ts';
import { hashPassword } from './crypto.ts';

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
 * Finds the user with this email, or creates one with this name and password.
 * An existing user keeps their password (an owner cannot reset a colleague's by inviting them).
 */
export async function findOrCreateEmailUser(
  tx: GlobalTx,
  input: { email: string; name: string; password?: string | undefined; platformRole?: 'admin' | null },
): Promise<{ userId: string; created: boolean }> {
  const email = normalizeEmail(input.email);
  const existing = await tx.db
    .selectFrom('identities')
    .select('user_id')
    .where('kind', '=', 'email')
    .where('value', '=', email)
    .executeTakeFirst();
  if (existing) return { userId: existing.user_id, created: false };
  const userId = newId(tx.now.getTime());
  await tx.db
    .insertInto('users')
    .values({ id: userId, name: input.name, locale: null, platform_role: input.platformRole ?? null })
    .execute();
  await tx.db
    .insertInto('identities')
    .values({
      id: newId(),
      user_id: userId,
      kind: 'email',
      value: email,
      password_hash: input.password ? await hashPassword(input.password) : null,
      verified_at: null,
    })
    .execute();
  return { userId, created: true };
}
