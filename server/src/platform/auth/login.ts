import type { Database } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import { AppError, tooManyRequests } from '../http/errors.ts';
import { verifyPassword } from './crypto.ts';
import { hit, peek, reset } from './rate-limit.ts';
import { type ClientMeta, createSession, type IssuedSession } from './sessions.ts';
import { normalizeEmail, passwordHashOf } from './users.ts';

/** After this many wrong passwords for one email within the window, the email is locked for the rest of it. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_SECONDS = 15 * 60;
const PER_IP = { max: 50, windowSeconds: 15 * 60 };

export const lockedOut = (retryAfter: number) =>
  new AppError(429, 'account_locked', 'Too many wrong passwords; try again in a few minutes', { retryAfter });

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The email or password is not right');

/**
 * Staff sign-in. Unknown emails cost the same argon2 work as known ones and count toward the
 * same lockout, so neither the answer nor its timing tells whether an email exists.
 */
export async function loginWithPassword(
  db: Database,
  rawEmail: string,
  password: string,
  meta: ClientMeta,
): Promise<{ session: IssuedSession; userId: string }> {
  const email = normalizeEmail(rawEmail);
  const failKey = `login-fail:${email}`;
  const lockout = { key: failKey, max: LOCKOUT_FAILURES, windowSeconds: LOCKOUT_WINDOW_SECONDS };
  const pre = await withGlobal(db, { kind: 'public', userId: null, ip: meta.ip }, async (tx) => {
    const ip = await hit(tx, { key: `login:ip:${meta.ip ?? 'unknown'}`, ...PER_IP });
    // Every attempt is counted before its password is checked (a success resets the count), so
    // parallel guesses cannot all slip past the lockout while the first ones are being verified.
    const fails = ip.allowed ? await hit(tx, lockout) : await peek(tx, lockout);
    const identity = await tx.db
      .selectFrom('identities')
      .innerJoin('users', 'users.id', 'identities.user_id')
      .select(['identities.user_id', passwordHashOf('identities.id'), 'users.status'])
      .where('identities.kind', '=', 'email')
      .where('identities.value', '=', email)
      .executeTakeFirst();
    return { ip, fails, identity };
  });
  if (!pre.ip.allowed) {
    throw tooManyRequests(
      'too_many_requests',
      'Too many sign-in attempts; try again later',
      pre.ip.retryAfter,
    );
  }
  if (!pre.fails.allowed) {
    throw lockedOut(pre.fails.retryAfter);
  }
  const ok = await verifyPassword(pre.identity?.password_hash, password);
  if (!ok || !pre.identity || pre.identity.status !== 'active') throw invalidCredentials();
  const userId = pre.identity.user_id;
  return withGlobal(db, { kind: 'public', userId: null, ip: meta.ip }, async (tx) => {
    await reset(tx, failKey);
    const session = await createSession(tx, userId, 'password', meta);
    return { session, userId };
  });
}
