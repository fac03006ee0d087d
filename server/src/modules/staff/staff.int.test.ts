import { expect, it } from 'vitest';
import { withClinic } from '../../platform/db/tenancy.ts';
import { acceptEmailed } from '../../test/accounts.ts';
import { activeMemberships, call, type Method, uniqueEmail } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login } from '../../test/harness.ts';

describeEachDb('owner: staff', (t) => {
  it('adds a doctor by invitation: they choose their password, sign in and see the staff (not the patients)', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const email = uniqueEmail('doc');
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: email.toUpperCase(),
      name: 'Dr. Ada Lane',
      role: 'doctor',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ result: 'invited', invitation: { email, role: 'doctor' } });
    expect((await acceptEmailed(t(), email, 'ada-secret-pw')).statusCode).toBe(200);
    const doctor = await login(t(), { email, password: 'ada-secret-pw' });
    const list = await call(t(), doctor, 'GET', `/clinics/${clinic.id}/staff`);
    expect(list.statusCode).toBe(200);
    const byEmail = Object.fromEntries(
      list.json().items.map((m: { email: string; roles: string[] }) => [m.email, m.roles]),
    );
    expect(byEmail).toEqual({
      [clinic.owner.email]: ['owner'],
      [clinic.doctor.email]: ['doctor'],
      [clinic.secretary.email]: ['secretary'],
      [email]: ['doctor'],
    });
    expect(list.json().items.find((m: { email: string }) => m.email === email).name).toBe('Dr. Ada Lane');
  });

  it('refuses to invite someone already in that role (409 already_member); a second role is an invitation too', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: clinic.doctor.email.toUpperCase(),
      name: 'Again',
      role: 'doctor',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('already_member');
    const second = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: clinic.doctor.email,
      name: 'Ignored',
      role: 'secretary',
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().result).toBe('invited');
    // Not granted until they accept, with their own password.
    expect(await activeMemberships(t(), clinic.id, clinic.doctor.id)).toEqual([
      { role: 'doctor', status: 'active' },
    ]);
    expect((await acceptEmailed(t(), clinic.doctor.email, clinic.doctor.password)).statusCode).toBe(200);
    expect((await activeMemberships(t(), clinic.id, clinic.doctor.id)).map((m) => m.role).sort()).toEqual([
      'doctor',
      'secretary',
    ]);
  });

  it('removes a member: their very next request is refused, nothing is deleted, and they can be re-added', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const doctor = await login(t(), clinic.doctor);
    const url = `/clinics/${clinic.id}/staff`;
    expect((await call(t(), doctor, 'GET', url)).statusCode).toBe(200);

    const del = await call(t(), owner, 'DELETE', `${url}/${clinic.doctor.id}`);
    expect(del.statusCode).toBe(204);
    const after = await call(t(), doctor, 'GET', url);
    expect(after.statusCode).toBe(404);
    const me = await call(t(), doctor, 'GET', '/me');
    expect(me.json().memberships).toEqual([]);

    const active = await call(t(), owner, 'GET', url);
    expect(active.json().items.map((m: { userId: string }) => m.userId)).not.toContain(clinic.doctor.id);
    const removed = await call(t(), owner, 'GET', `${url}?status=removed`);
    expect(removed.json().items).toEqual([
      expect.objectContaining({ userId: clinic.doctor.id, roles: ['doctor'], status: 'removed' }),
    ]);
    const rows = await t()
      .db.owner.selectFrom('memberships')
      .select(['status', 'removed_by'])
      .where('clinic_id', '=', clinic.id)
      .where('user_id', '=', clinic.doctor.id)
      .execute();
    expect(rows).toEqual([{ status: 'removed', removed_by: clinic.owner.id }]);
    expect((await call(t(), owner, 'DELETE', `${url}/${clinic.doctor.id}`)).statusCode).toBe(404);
    // Patients are not staff: there is nothing to remove.
    expect((await call(t(), owner, 'DELETE', `${url}/${clinic.patient.id}`)).statusCode).toBe(404);

    const back = await call(t(), owner, 'POST', url, {
      email: clinic.doctor.email,
      name: 'Back',
      role: 'doctor',
    });
    expect(back.statusCode).toBe(201);
    // Back only once they accept (with their own password).
    expect((await call(t(), doctor, 'GET', url)).statusCode).toBe(404);
    expect((await acceptEmailed(t(), clinic.doctor.email, clinic.doctor.password)).statusCode).toBe(200);
    expect((await call(t(), doctor, 'GET', url)).statusCode).toBe(200);
  });

  it('keeps the last owner: 409 last_owner, also when two owners remove each other at once', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const self = await call(t(), owner, 'DELETE', `/clinics/${clinic.id}/staff/${clinic.owner.id}`);
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('last_owner');

    // A second owner (the owner API cannot make owners; the platform can).
    await withClinic(t().db, clinic.id, { kind: 'system', userId: null }, async (tx) => {
      await tx.db
        .insertInto('memberships')
        .values({ clinic_id: clinic.id, user_id: clinic.secretary.id, role: 'owner', created_by: null })
        .execute();
    });
    const second = await login(t(), clinic.secretary);
    const [a, b] = await Promise.all([
      call(t(), owner, 'DELETE', `/clinics/${clinic.id}/staff/${clinic.secretary.id}`),
      call(t(), second, 'DELETE', `/clinics/${clinic.id}/staff/${clinic.owner.id}`),
    ]);
    // One wins. The other is refused: 409 last_owner if both got past the access check before the
    // winner committed, or 404 if the winner had already removed them (they are no longer staff).
    const [won, lost] = [a.statusCode, b.statusCode].sort();
    expect(won).toBe(204);
    expect([404, 409]).toContain(lost);
    const owners = await t()
      .db.owner.selectFrom('memberships')
      .select('user_id')
      .where('clinic_id', '=', clinic.id)
      .where('role', '=', 'owner')
      .where('status', '=', 'active')
      .execute();
    expect(owners).toHaveLength(1);
  });

  it('refuses staff changes to doctors, secretaries and patients (403) and hides everything from other clinics (404)', async () => {
    const clinic = await createTestClinic(t());
    const other = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const inv = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: uniqueEmail('x'),
      name: 'X',
      role: 'doctor',
    });
    const invitationId = inv.json().invitation.id;
    const base = `/clinics/${clinic.id}/staff`;
    const writes: Array<[Method, string, unknown?]> = [
      ['POST', base, { email: uniqueEmail('y'), name: 'Y', role: 'secretary' }],
      ['DELETE', `${base}/${clinic.doctor.id}`],
      ['GET', `${base}/invitations`],
      ['DELETE', `${base}/invitations/${invitationId}`],
    ];
    for (const role of ['doctor', 'secretary', 'patient'] as const) {
      const s = await login(t(), clinic[role]);
      for (const [method, url, payload] of writes) {
        const res = await call(t(), s, method, url, payload);
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
      }
    }
    const patient = await login(t(), clinic.patient);
    expect((await call(t(), patient, 'GET', base)).statusCode).toBe(403);

    const reads: Array<[Method, string, unknown?]> = [['GET', base], ...writes];
    for (const role of ['owner', 'doctor', 'secretary', 'patient'] as const) {
      const s = await login(t(), other[role]);
      for (const [method, url, payload] of reads) {
        const res = await call(t(), s, method, url, payload);
        expect(res.statusCode, `other ${role} ${method} ${url}`).toBe(404);
      }
      for (const url of [`/clinics/${clinic.id}/audit`, `/clinics/${clinic.id}/audit/verify`]) {
        expect((await call(t(), s, 'GET', url)).statusCode).toBe(404);
      }
    }
    // The other clinic's owner cannot reach this clinic's invitation through their own clinic either.
    const otherOwner = await login(t(), other.owner);
    const cross = await call(
      t(),
      otherOwner,
      'DELETE',
      `/clinics/${other.id}/staff/invitations/${invitationId}`,
    );
    expect(cross.statusCode).toBe(404);
    const crossRemove = await call(
      t(),
      otherOwner,
      'DELETE',
      `/clinics/${other.id}/staff/${clinic.doctor.id}`,
    );
    expect(crossRemove.statusCode).toBe(404);
    for (const [method, url, payload] of reads) {
      expect((await call(t(), null, method, url, payload)).statusCode).toBe(401);
    }
    // Nothing changed.
    const pending = await call(t(), owner, 'GET', `${base}/invitations`);
    expect(pending.json().items.map((i: { id: string }) => i.id)).toEqual([invitationId]);
    expect(await activeMemberships(t(), clinic.id, clinic.doctor.id)).toHaveLength(1);
  });

  it('validates the owner’s input: only doctor or secretary, a real email, a name, and no password', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const cases: Array<[string, Record<string, unknown>]> = [
      ['role', { email: uniqueEmail(), name: 'N', role: 'owner' }],
      ['role', { email: uniqueEmail(), name: 'N', role: 'patient' }],
      ['email', { email: 'no-at-sign', name: 'N', role: 'doctor' }],
      ['password', { email: uniqueEmail(), name: 'N', role: 'doctor', password: 'short' }],
      [
        'password',
        { email: uniqueEmail(), name: 'N', role: 'doctor', password: 'a long enough initial password' },
      ],
      ['name', { email: uniqueEmail(), name: '   ', role: 'doctor' }],
    ];
    for (const [field, body] of cases) {
      const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, body);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const badId = await call(t(), owner, 'DELETE', `/clinics/${clinic.id}/staff/not-a-uuid`);
    expect(badId.statusCode).toBe(400);
  });
});
