import { expect, it } from 'vitest';
import { newId } from '../../platform/db/ids.ts';
import { call, inviteTokenFrom, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import {
  createTestAdmin,
  createTestClinic,
  describeEachDb,
  login,
  randomIp,
  type TestApp,
} from '../../test/harness.ts';

function accept(t: TestApp, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload,
    remoteAddress: randomIp(),
  });
}

async function activeMemberships(t: TestApp, clinicId: string, userId: string) {
  return t.db.owner
    .selectFrom('memberships')
    .select(['role', 'status'])
    .where('clinic_id', '=', clinicId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .execute();
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
    expect(out.inviteLink).toBe(`http://localhost:3000/app/invite/${token}`);

    const pending = await call(t(), owner, 'GET', `/clinics/${clinic.id}/staff/invitations`);
    expect(pending.json().items).toEqual([expect.objectContaining({ id: out.invitation.id, email })]);
    expect(JSON.stringify(pending.json())).not.toContain(token);

    const accepted = await accept(t(), { token, name: 'Samantha Desk', password: 'sam-new-password' });
    expect(accepted.statusCode).toBe(200);
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
      const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
        email: uniqueEmail('inv'),
        name: 'Invitee',
        role,
      });
      expect(res.statusCode).toBe(201);
      return { id: res.json().invitation.id as string, token: inviteTokenFrom(res.json().inviteLink) };
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

  it('makes an existing account prove itself with its own password; the link alone opens nothing', async () => {
    const clinic = await createTestClinic(t());
    const other = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: other.doctor.email,
      name: 'Borrowed Doctor',
      role: 'doctor',
    });
    const token = inviteTokenFrom(res.json().inviteLink);
    // The owner holds the link: trying to take over the doctor's account with it fails.
    const hijack = await accept(t(), { token, password: 'owner-chosen-password' });
    expect(hijack.statusCode).toBe(401);
    expect(hijack.json().code).toBe('invalid_credentials');
    expect(await activeMemberships(t(), clinic.id, other.doctor.id)).toEqual([]);
    // The doctor accepts with their own password: they join, and their password is unchanged.
    const ok = await accept(t(), { token, password: other.doctor.password });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(other.doctor.id);
    expect(await activeMemberships(t(), clinic.id, other.doctor.id)).toEqual([
      { role: 'doctor', status: 'active' },
    ]);
    await login(t(), other.doctor);
  });

  it('counts wrong passwords on the accept form toward the sign-in lockout', async () => {
    const clinic = await createTestClinic(t());
    const other = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: other.secretary.email,
      name: 'Guessed',
      role: 'secretary',
    });
    const token = inviteTokenFrom(res.json().inviteLink);
    for (let i = 0; i < 5; i++) {
      expect((await accept(t(), { token, password: `guess-number-${i}` })).statusCode).toBe(401);
    }
    const locked = await accept(t(), { token, password: other.secretary.password });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('account_locked');
    const signIn = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: other.secretary.email, password: other.secretary.password },
      remoteAddress: randomIp(),
    });
    expect(signIn.statusCode).toBe(429);
    expect(await activeMemberships(t(), clinic.id, other.secretary.id)).toEqual([]);
  });

  it('never sets the password of an existing account that has none through a staff invitation', async () => {
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
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name: 'X',
      role: 'secretary',
    });
    const hijack = await accept(t(), {
      token: inviteTokenFrom(res.json().inviteLink),
      password: 'attacker-password',
    });
    expect(hijack.statusCode).toBe(401);
    // The real person's own link still works.
    expect((await accept(t(), { token: ownerLink, password: 'the-real-password' })).statusCode).toBe(200);
    await login(t(), { email, password: 'the-real-password' });
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
    const token = inviteTokenFrom(res.json().inviteLink);
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
    const first = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, body);
    const second = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, body);
    const pending = await call(t(), owner, 'GET', `/clinics/${clinic.id}/staff/invitations`);
    expect(pending.json().items.map((i: { id: string }) => i.id)).toEqual([second.json().invitation.id]);
    const old = await accept(t(), {
      token: inviteTokenFrom(first.json().inviteLink),
      password: 'again-password',
    });
    expect(old.statusCode).toBe(400);
    const current = await accept(t(), {
      token: inviteTokenFrom(second.json().inviteLink),
      password: 'again-password',
    });
    expect(current.statusCode).toBe(200);
  });
});
