import type { Actor, Database } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import { AppError, badRequest, conflict } from '../http/errors.ts';
import { auditAccountChange } from './account-audit.ts';
import { readPasswordAccount, setPasswordHash } from './credentials.ts';
import { hashPassword, verifyPassword } from './crypto.ts';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS, lockedOut } from './lockout.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { hit, reset } from './rate-limit.ts';
import { revokeOtherSessions } from './sessions.ts';
import type { Authenticated } from './types.ts';

export const noPassword = () =>
  badRequest('no_password', 'This account signs in with a code sent by SMS; it has no password');

/**
 * A signed-in person changes their own password. They must give the current one (a session left
 * open on a shared computer is not enough), and wrong answers count toward the same lockout as
 * sign-in. On success every other session of the account is signed out; this one stays.
 */
export async function changePassword(
  db: Database,
  auth: Authenticated,
  input: { currentPassword: string; newPassword: string },
  meta: { ip?: string | undefined; requestId?: string | undefined },
): Promise<{ otherSessionsSignedOut: number }> {
  const userId = auth.user.id;
  const actor: Actor = { kind: 'user', userId, ip: meta.ip, requestId: meta.requestId };
  const account = await withGlobal(db, actor, (tx) => readPasswordAccount(tx, userId));
  if (!account?.passwordHash) throw noPassword();
  // Checked first: a weak choice is not a wrong guess and must not count toward the lockout.
  assertPasswordAllowed(input.newPassword, account, 'newPassword');
  const lockout = {
    key: `login-fail:${account.email}`,
    max: LOCKOUT_FAILURES,
    windowSeconds: LOCKOUT_WINDOW_SECONDS,
  };
  // Counted before the check (reset on success), as sign-in does, so parallel guesses all count.
  const fails = await withGlobal(db, actor, (tx) => hit(tx, lockout));
  if (!fails.allowed) throw lockedOut(fails.retryAfter);
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new AppError(400, 'wrong_password', 'The current password is not right', {
      errors: [{ field: 'currentPassword', message: 'The current password is not right' }],
    });
  }
  const hash = await hashPassword(input.newPassword);
  const revoked = await withGlobal(db, actor, async (tx) => {
    await reset(tx, lockout.key);
    // Only over the password just checked: of two changes racing, the second changes nothing.
    if (!(await setPasswordHash(tx, userId, hash, { expectHash: account.passwordHash! }))) return null;
    return revokeOtherSessions(tx, userId, auth.sessionId, 'password_changed');
  });
  if (revoked === null) throw conflict('try_again', 'The password was just changed elsewhere; try again');
  await auditAccountChange(db, userId, actor, {
    action: 'account.password_changed',
    data: { otherSessionsSignedOut: revoked },
  });
  return { otherSessionsSignedOut: revoked };
}
