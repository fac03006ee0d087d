import type { Database } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import { AppError, tooManyRequests } from '../http/errors.ts';
import { verifyPassword } from './crypto.ts';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS, LOGIN_PER_IP, lockedOut } from './lockout.ts';
import { mfaEnabled, startChallenge } from './mfa.ts';
import { hit, peek, reset } from './rate-limit.ts';
import { type ClientMeta, createSession, type IssuedSession } from './sessions.ts';
import { normalizeEmail, passwordHashOf } from './users.ts';

export { LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS, LOGIN_PER_IP, lockedOut } from './lockout.ts';

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The email or password is not right');

/** What a right password gives: a session, or (two-step sign-in on) the challenge of the second step. */
export type PasswordSignIn =
  | { session: IssuedSession; userId: string }
  | { mfa: { challenge: string; expiresAt: Date }; userId: string };

/**
 * Staff sign-in. Unknown emails cost the same argon2 work as known ones and count toward the
 * same lockout, so neither the answer nor its timing tells whether an email exists.
 * With two-step sign-in on, a right password gives no session yet, only a challenge
 * (platform/auth/mfa.ts), and the failure count is not reset: the codes tried next count on.
 */
export async function loginWithPassword(
  db: Database,
  rawEmail: string,
  password: string,
  meta: ClientMeta,
): Promise<PasswordSignIn> {
  const email = normalizeEmail(rawEmail);
  const failKey = `login-fail:${email}`;
  const lockout = { key: failKey, max: LOCKOUT_FAILURES, windowSeconds: LOCKOUT_WINDOW_SECONDS };
  const pre = await withGlobal(db, { kind: 'public', userId: null, ip: meta.ip }, async (tx) => {
    const ip = await hit(tx, { key: `login:ip:${meta.ip ?? 'unknown'}`, ...LOGIN_PER_IP });
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
  return withGlobal(
    db,
    { kind: 'public', userId: null, ip: meta.ip },
    async (tx): Promise<PasswordSignIn> => {
      if (await mfaEnabled(tx, userId)) return { mfa: await startChallenge(tx, userId, meta.ip), userId };
      await reset(tx, failKey);
      const session = await createSession(tx, userId, 'password', meta);
      return { session, userId };
    },
  );
}
