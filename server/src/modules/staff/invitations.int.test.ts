import { expect, it } from 'vitest';
import { newId } from '../../platform/db/ids.ts';
import { activeMemberships, call, inviteTokenFrom, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import {
  createTestAdmin,
  createTestClinic,
  describeEachDb,
  login,
  randomIp,
  sessionFor,
  type TestApp,
  type TestClinic,
} from '../../test/harness.ts';

function accept(t: TestApp, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload,
    remoteAddress: randomIp(),
  });
}

async function loginStatus(t: TestApp, email: string, password: string): Promise<number> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: randomIp(),
  });
  return res.statusCode;
}

/** The clinic's owner invites `email` (no password); returns the token from the emailed link. */
async function inviteByEmail(
  t: TestApp,
  clinic: TestClinic,
  email: string,
  role: 'doctor' | 'secretary',
): Promise<string> {
  const owner = await sessionFor(t, clinic.owner.id);
  t.clock.advance(1000); // emails of the same millisecond have no order: keep "the newest" unambiguous
  const res = await call(t, owner, 'POST', `/clinics/${clinic.id}/staff`, { email, name: 'Invitee', role });
  expect(res.json().result).toBe('invited');
  return inviteTokenFrom((await lastEmailTo(t, email))?.body);
}

describeEachDb('owner: staff invitations', (t) => {
  it('invites by link: the email carries it, accepting makes a member and signs them in', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const email = uniqueEmail('sec');
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name: 'Sam Desk',
      role: 'secretary',
    });
    expect(res.statusCode).toBe(201);
    const out = res.json();
    expect(out).toMatchObject({ result: 'invited', invitation: { email, role: 'secretary' } });
    const mail = await lastEmailTo(t(), email);
    expect(mail?.subject).toMatch(/invited to join/);
    const token = inviteTokenFrom(mail?.body);
    // Only the mailbox gets the link: the owner's answer carries no token or link.
    expect(Object.keys(out).sort()).toEqual(['invitation', 'result']);
    expect(res.body).not.toContain(token);
    expect(res.body).not.toContain('/app/invite');

    const pending = await call(t(), owner, 'GET', `/clinics/${clinic.id}/staff/invitations`);
    expect(pending.json()).toEqual({
      items: [expect.objectContaining({ id: out.invitation.id, email })],
      nextCursor: null,
    });
    expect(pending.body).not.toContain(token);

    const accepted = await accept(t(), { token, name: 'Samantha Desk', password: 'sam-new-password' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).not.toContain(token);
    const session = accepted.json();
    expect(session).toMatchObject({ user: { name: 'Samantha Desk', email } });
    expect(accepted.cookies.map((c) => c.name)).toContain('cliniclick_session');
    const me = await call(t(), { auth: { authorization: `Bearer ${session.token}` } }, 'GET', '/me');
    expect(me.json().memberships).toEqual([
      expect.objectContaining({ clinicId: clinic.id, role: 'secretary' }),
    ]);
    await login(t(), { email, password: 'sam-new-password' });

    expect((await call(t(), owner, 'GET', `/clinics/${clinic.id}/staff/invitations`)).json().items).toEqual(
      [],
    );
    const audit = await call(t(), owner, 'GET', `/clinics/${clinic.id}/audit?limit=3`);
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'staff.added',
      'invitation.accepted',
      'staff.invited',
    ]);
    expect(audit.json().items[0]).toMatchObject({ actorUserId: session.user.id, entityId: session.user.id });
  });

  it('answers 400 invitation_invalid, the same way, for expired, used, revoked and garbage tokens', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const invite = async (role: 'doctor' | 'secretary' = 'doctor') => {
      const email = uniqueEmail('inv');
      const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
        email,
        name: 'Invitee',
        role,
      });
      expect(res.statusCode).toBe(201);
      return {
        id: res.json().invitation.id as string,
        token: inviteTokenFrom((await lastEmailTo(t(), email))?.body),
      };
    };
    const used = await invite();
    expect((await accept(t(), { token: used.token, password: 'first-password' })).statusCode).toBe(200);
    const revoked = await invite();
    const del = await call(t(), owner, 'DELETE', `/clinics/${clinic.id}/staff/invitations/${revoked.id}`);
    expect(del.statusCode).toBe(204);
    const expired = await invite();
    const fresh = await invite('secretary');
    const [, random] = fresh.token.split('.');

    const bad = [
      used.token,
      revoked.token,
      'garbage',
      '',
      '.',
      `${clinic.id}.`,
      `${clinic.id}.${'A'.repeat(43)}`,
      `00000000-0000-7000-8000-000000000000.${random}`,
      `not-a-uuid-not-a-uuid-not-a-uuid-123.${random}`,
      `${fresh.token}x`,
      `${fresh.token}.extra`,
      'x'.repeat(2000),
      "'; drop table invitations; --",
    ];
    const details = new Set<string>();
    for (const token of bad) {
      const res = await accept(t(), { token, password: 'whatever-password' });
      expect(res.statusCode, token).toBe(400);
      expect(res.json().code, token).toBe('invitation_invalid');
      details.add(res.json().detail);
    }
    t().clock.advance(7 * 24 * 60 * 60 * 1000 + 1000);
    const late = await accept(t(), { token: expired.token, password: 'whatever-password' });
    expect(late.statusCode).toBe(400);
    details.add(late.json().detail);
    expect(details.size).toBe(1);
    // Wrong types are a validation error, never a 500.
    const typed = await accept(t(), { token: 12, password: ['x'] });
    expect(typed.statusCode).toBe(400);
  });

  it('makes a verified account prove itself with its own password; the emailed link alone changes nothing', async () => {
    const clinic = await createTestClinic(t());
    const email = uniqueEmail('busy');
    // Invited to this clinic while they had no account…
    const token = await inviteByEmail(t(), clinic, email, 'doctor');
    // …they join another clinic first, which makes their (verified) account and password.
    const other = await createTestClinic(t());
    const first = await accept(t(), {
      token: await inviteByEmail(t(), other, email, 'secretary'),
      password: 'their-own-password',
    });
    expect(first.statusCode).toBe(200);
    const userId = first.json().user.id as string;
    // The link of the first clinic does not replace that password.
    const wrong = await accept(t(), { token, password: 'another-new-password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(wrong.json().detail).toMatch(/existing password/);
    expect(await activeMemberships(t(), clinic.id, userId)).toEqual([]);
    const ok = await accept(t(), { token, password: 'their-own-password' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(userId);
    expect(await activeMemberships(t(), clinic.id, userId)).toEqual([{ role: 'doctor', status: 'active' }]);
    await login(t(), { email, password: 'their-own-password' });
    expect(await loginStatus(t(), email, 'another-new-password')).toBe(401);
  });

  it('counts wrong passwords on the accept form toward the sign-in lockout', async () => {
    const clinic = await createTestClinic(t());
    const other = await createTestClinic(t());
    const email = uniqueEmail('guessed');
    const token = await inviteByEmail(t(), clinic, email, 'secretary');
    const joined = await accept(t(), {
      token: await inviteByEmail(t(), other, email, 'doctor'),
      password: 'the-right-password',
    });
    expect(joined.statusCode).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await accept(t(), { token, password: `guess-number-${i}` })).statusCode).toBe(401);
    }
    const locked = await accept(t(), { token, password: 'the-right-password' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('account_locked');
    expect(await loginStatus(t(), email, 'the-right-password')).toBe(429);
    expect(await activeMemberships(t(), clinic.id, joined.json().user.id)).toEqual([]);
  });

  it('lets only the mailbox claim an account that has no password yet; the inviting owner never holds a link', async () => {
    const adminUser = await createTestAdmin(t());
    const admin = await login(t(), adminUser);
    const email = uniqueEmail('pending-owner');
    const created = await call(t(), admin, 'POST', '/admin/clinics', {
      slug: `po-${newId().slice(-12)}`,
      name: 'Pending Owner Clinic',
      timeZone: 'UTC',
      currency: 'USD',
      locale: 'en',
      owner: { email, name: 'Pending Owner' },
    });
    expect(created.statusCode).toBe(201);
    const ownerLink = inviteTokenFrom((await lastEmailTo(t(), email))?.body);

    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    t().clock.advance(1000); // so "the newest email" is unambiguous
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name: 'X',
      role: 'secretary',
    });
    // Nothing granted, and nothing in the answer to accept with.
    expect(res.json().result).toBe('invited');
    expect(res.body).not.toContain('/app/invite');
    const staffLink = inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    expect(res.body).not.toContain(staffLink);
    // The person, from their mailbox, chooses their password through either link…
    const joined = await accept(t(), { token: staffLink, password: 'the-real-password' });
    expect(joined.statusCode).toBe(200);
    await login(t(), { email, password: 'the-real-password' });
    // …after which the account is verified: the other link needs that password.
    expect((await accept(t(), { token: ownerLink, password: 'some-other-password' })).statusCode).toBe(401);
    expect((await accept(t(), { token: ownerLink, password: 'the-real-password' })).statusCode).toBe(200);
    const me = await call(t(), await login(t(), { email, password: 'the-real-password' }), 'GET', '/me');
    expect(
      me
        .json()
        .memberships.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['owner', 'secretary']);
  });

  it('lets only one of two concurrent accepts of the same link through', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const email = uniqueEmail('twice');
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name: 'Twice',
      role: 'doctor',
    });
    expect(res.statusCode).toBe(201);
    const token = inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    const results = await Promise.all(
      [0, 1, 2, 3].map(() => accept(t(), { token, password: 'racing-password' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400, 400, 400]);
    const users = await t()
      .db.owner.selectFrom('identities')
      .select('user_id')
      .where('kind', '=', 'email')
      .where('value', '=', email)
      .execute();
    expect(users).toHaveLength(1);
    const rows = await t()
      .db.owner.selectFrom('memberships')
      .selectAll()
      .where('clinic_id', '=', clinic.id)
      .where('user_id', '=', users[0]!.user_id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('replaces an older invitation link when the same person is invited again', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const email = uniqueEmail('again');
    const body = { email, name: 'Again', role: 'doctor' };
    await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, body);
    const firstToken = inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    t().clock.advance(1000); // so "the newest email" is unambiguous
    const second = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, body);
    const secondToken = inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    const pending = await call(t(), owner, 'GET', `/clinics/${clinic.id}/staff/invitations`);
    expect(pending.json().items.map((i: { id: string }) => i.id)).toEqual([second.json().invitation.id]);
    const old = await accept(t(), { token: firstToken, password: 'second-link-phrase' });
    expect(old.statusCode).toBe(400);
    const current = await accept(t(), { token: secondToken, password: 'second-link-phrase' });
    expect(current.statusCode).toBe(200);
  });
});

describeEachDb('staff invitations after removal and suspension', (t) => {
  it('removing someone revokes the links already sent to them: an old link does not bring them back', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const email = uniqueEmail('bob');
    const invited = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name: 'Bob',
      role: 'secretary',
    });
    expect(invited.json().result).toBe('invited');
    const oldToken = inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    // Bob joins as a doctor through a second invitation, then is removed.
    const joined = await accept(t(), {
      token: await inviteByEmail(t(), clinic, email, 'doctor'),
      password: 'bob-initial-password',
    });
    expect(joined.statusCode).toBe(200);
    const bobId = joined.json().user.id as string;
    expect((await call(t(), owner, 'DELETE', `/clinics/${clinic.id}/staff/${bobId}`)).statusCode).toBe(204);
    const back = await accept(t(), { token: oldToken, password: 'bob-initial-password' });
    expect(back.statusCode).toBe(400);
    expect(back.json().code).toBe('invitation_invalid');
    expect(await activeMemberships(t(), clinic.id, bobId)).toEqual([]);
  });

  it("a suspended clinic's links take no one in", async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const email = uniqueEmail('sue');
    await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, { email, name: 'Sue', role: 'doctor' });
    const token = inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    const admin = await login(t(), await createTestAdmin(t()));
    const suspended = await call(t(), admin, 'POST', `/admin/clinics/${clinic.id}/suspend`, {
      reason: 'unpaid',
    });
    expect(suspended.statusCode).toBe(200);
    const res = await accept(t(), { token, name: 'Sue', password: 'sue-password-123' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invitation_invalid');
  });
});
