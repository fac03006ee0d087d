import { findOrCreateEmailUser } from '../platform/auth/users.ts';
import { withGlobal } from '../platform/db/tenancy.ts';
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
  const made = await withGlobal(t.db, { kind: 'system', userId: null }, (tx) =>
    findOrCreateEmailUser(tx, {
      email,
      name: opts.name ?? 'Account Holder',
      password,
      verified: opts.verified,
    }),
  );
  return made.userId;
}
