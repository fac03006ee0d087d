import { expect, it } from 'vitest';
import { accountFor } from '../../test/accounts.ts';
import { adminSession, clinicBody, inviteTokenFrom, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import { createTestAdmin, createTestClinic, describeEachDb, login, randomIp } from '../../test/harness.ts';

/** What the platform admin may do with people's accounts, and what it leaves a trace of. */

describeEachDb('admin: clinic owners and their accounts', (t) => {
  it('never hands a clinic to an unverified account: the owner role waits for the mailbox holder', async () => {
    const admin = await adminSession(t());
    // Someone else chose a password for this email (an owner's initial password, before staff
    // joined only by invitation).
    const email = uniqueEmail('squatted');
    const userId = await accountFor(t(), email, 'squatter-password', { verified: false });
    const squatter = await login(t(), { email, password: 'squatter-password' });

    t().clock.advance(1000);
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: clinicBody({ owner: { email, name: 'Real Owner', password: 'admin-typed-password' } }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().owner).toMatchObject({
      userId,
      newAccount: false,
      passwordSetupSent: true,
      status: 'invited',
    });
    const clinicId = res.json().clinic.id as string;
    // Nothing granted, no password applied; the squatter sees nothing of the new clinic.
    const detail = await t().app.inject({
      method: 'GET',
      url: `/api/v1/admin/clinics/${clinicId}`,
      headers: admin.auth,
    });
    expect(detail.json().owners).toEqual([]);
    const peek = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${clinicId}/staff`,
      headers: squatter.auth,
    });
    expect(peek.statusCode).toBe(404);
    const typed = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'admin-typed-password' },
      remoteAddress: randomIp(),
    });
    expect(typed.statusCode).toBe(401);

    // The mailbox holder follows the emailed link, chooses a password, and owns the clinic;
    // the squatter is signed out.
    const mail = await lastEmailTo(t(), email);
    expect(mail?.subject).toMatch(/Set your password/);
    expect(res.body).not.toContain(inviteTokenFrom(mail?.body).split('.')[1]);
    const accepted = await t().app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: inviteTokenFrom(mail?.body), password: 'real-owner-password' },
      remoteAddress: randomIp(),
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user.id).toBe(userId);
    expect(
      (await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: squatter.auth })).statusCode,
    ).toBe(401);
    const owner = await login(t(), { email, password: 'real-owner-password' });
    const me = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: owner.auth });
    expect(me.json().memberships).toEqual(
      expect.arrayContaining([expect.objectContaining({ clinicId, role: 'owner' })]),
    );
  });

  it('records each time the platform reads a clinic’s owners, in that clinic’s audit chain', async () => {
    const adminUser = await createTestAdmin(t());
    const admin = await login(t(), adminUser);
    const clinic = await createTestClinic(t());
    for (let i = 0; i < 2; i++) {
      const res = await t().app.inject({
        method: 'GET',
        url: `/api/v1/admin/clinics/${clinic.id}`,
        headers: admin.auth,
      });
      expect(res.statusCode).toBe(200);
    }
    const owner = await login(t(), clinic.owner);
    const audit = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${clinic.id}/audit?action=clinic.viewed_by_admin`,
      headers: owner.auth,
    });
    expect(audit.json().items).toEqual([
      expect.objectContaining({ actorUserId: adminUser.id, actorKind: 'admin', entityId: clinic.id }),
      expect.objectContaining({ actorUserId: adminUser.id, actorKind: 'admin', entityId: clinic.id }),
    ]);
    const verify = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${clinic.id}/audit/verify`,
      headers: owner.auth,
    });
    expect(verify.json()).toMatchObject({ ok: true });
    // An unknown clinic: 404, and nothing recorded anywhere.
    const missing = await t().app.inject({
      method: 'GET',
      url: '/api/v1/admin/clinics/00000000-0000-7000-8000-000000000000',
      headers: admin.auth,
    });
    expect(missing.statusCode).toBe(404);
  });
});
