import { hashPassword } from '../platform/auth/crypto.ts';
import { newId } from '../platform/db/ids.ts';
import { inviteTokenFrom, lastEmailTo } from './api.ts';
import { randomIp, type TestApp } from './harness.ts';

/** The person opens the newest invitation link emailed to `email` and accepts it with `password`. */
export async function acceptEmailed(t: TestApp, email: string, password: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload: { token: inviteTokenFrom((await lastEmailTo(t, email))?.body), password },
    remoteAddress: randomIp(),
  });
}

/**
 * An account for `email` signing in with `password`. Unverified: a password someone other than
 * the mailbox's holder chose, as an owner's "initial password" made before staff joined only by
 * invitation (and as the platform still does when it opens a clinic for a new email with one).
 */
export async function accountFor(
  t: TestApp,
  email: string,
  password: string,
  opts: { verified: boolean; name?: string },
): Promise<string> {
  const userId = newId();
  await t.db.owner
    .insertInto('users')
    .values({ id: userId, name: opts.name ?? 'Account Holder', locale: null, platform_role: null })
    .execute();
  await t.db.owner
    .insertInto('identities')
    .values({
      id: newId(),
      user_id: userId,
      kind: 'email',
      value: email,
      password_hash: await hashPassword(password),
      verified_at: opts.verified ? new Date() : null,
    })
    .execute();
  return userId;
}
