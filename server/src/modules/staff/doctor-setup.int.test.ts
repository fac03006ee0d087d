import { expect, it } from 'vitest';
import { call, expectFieldProblem, inviteTokenFrom, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import {
  createTestClinic,
  describeEachDb,
  login,
  randomIp,
  type Signed,
  type TestApp,
  type TestClinic,
} from '../../test/harness.ts';

/** A service and a room in the clinic, made through the API as its owner. */
async function serviceAndRoom(t: TestApp, clinic: TestClinic, owner: Signed) {
  const service = await call(t, owner, 'POST', `/clinics/${clinic.id}/services`, {
    name: 'Check-up',
    durationMin: 30,
    priceMinor: 6000,
    mode: 'in_person',
  });
  expect(service.statusCode).toBe(201);
  const room = await call(t, owner, 'POST', `/clinics/${clinic.id}/rooms`, { name: 'Room 1' });
  expect(room.statusCode).toBe(201);
  return { serviceId: service.json().id as string, roomId: room.json().id as string };
}

function accept(t: TestApp, token: string, password = 'a-doctor-with-set-up-7') {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload: { token, password },
    remoteAddress: randomIp(),
  });
}

describeEachDb('staff: inviting a doctor with their set-up', (t) => {
  it('carries profile, services with their own price and weekly hours, applied once the doctor accepts', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const { serviceId, roomId } = await serviceAndRoom(t(), clinic, owner);
    const email = uniqueEmail('dr');
    const doctorSetup = {
      profile: { specialty: 'Cardiology', languages: ['en', 'ar'] },
      services: [{ serviceId, priceMinor: 9000 }],
      rules: [
        { weekday: 1, start: '09:00', end: '13:00', mode: 'in_person', roomId },
        { weekday: 3, start: '14:00', end: '18:00', mode: 'in_person' },
      ],
    };
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name: 'Dr Rania Haddad',
      role: 'doctor',
      doctorSetup,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().invitation.doctorSetup).toMatchObject({
      services: [{ serviceId, priceMinor: 9000, durationMin: null }],
    });
    // Pending: the set-up shows on the invitation, and nobody bookable exists yet.
    const pending = await call(t(), owner, 'GET', `/clinics/${clinic.id}/staff/invitations`);
    expect(pending.json().items[0].doctorSetup.rules).toHaveLength(2);
    const before = await call(t(), owner, 'GET', `/clinics/${clinic.id}/doctors`);
    expect(before.json().items.map((d: { name: string }) => d.name)).not.toContain('Dr Rania Haddad');

    const accepted = await accept(t(), inviteTokenFrom((await lastEmailTo(t(), email))?.body));
    expect(accepted.statusCode).toBe(200);
    const doctorId = accepted.json().user.id as string;

    const doctor = await call(t(), owner, 'GET', `/clinics/${clinic.id}/doctors/${doctorId}`);
    expect(doctor.statusCode).toBe(200);
    expect(doctor.json()).toMatchObject({
      specialty: 'Cardiology',
      languages: ['en', 'ar'],
      services: [{ serviceId, priceMinor: 9000, durationMin: null }],
    });
    const hours = await call(t(), owner, 'GET', `/clinics/${clinic.id}/doctors/${doctorId}/work-hours`);
    expect(hours.json().rules).toEqual([
      { weekday: 1, start: '09:00', end: '13:00', mode: 'in_person', roomId },
      { weekday: 3, start: '14:00', end: '18:00', mode: 'in_person', roomId: null },
    ]);
    // Bookable at once: the service's free times include the new doctor's Monday.
    const slots = await call(
      t(),
      owner,
      'GET',
      `/clinics/${clinic.id}/services/${serviceId}/slots?doctorId=${doctorId}`,
    );
    expect(slots.statusCode).toBe(200);
    expect(slots.json().slots.length).toBeGreaterThan(0);
    expect(slots.json().slots.every((s: { doctorId: string }) => s.doctorId === doctorId)).toBe(true);

    const audit = await call(t(), owner, 'GET', `/clinics/${clinic.id}/audit?limit=3`);
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'doctor.setup_applied',
      'staff.added',
      'invitation.accepted',
    ]);
    expect(audit.json().items[0]).toMatchObject({ actorUserId: doctorId, entityId: doctorId });
  });

  it('refuses another clinic’s service or room, a set-up for a secretary, and malformed hours (400, nothing sent)', async () => {
    const clinic = await createTestClinic(t());
    const other = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const { serviceId, roomId } = await serviceAndRoom(t(), clinic, owner);
    const theirs = await serviceAndRoom(t(), other, await login(t(), other.owner));
    const email = uniqueEmail('dr');
    const invite = (doctorSetup: unknown, role = 'doctor') =>
      call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, { email, name: 'Dr X', role, doctorSetup });
    const mon = (over: Record<string, unknown> = {}) => ({
      weekday: 1,
      start: '09:00',
      end: '12:00',
      mode: 'in_person',
      ...over,
    });

    expectFieldProblem(
      await invite({ services: [{ serviceId: theirs.serviceId }] }),
      'invalid_value',
      'doctorSetup.services.0.serviceId',
      'another clinic’s service',
    );
    const room = await invite({ rules: [mon({ roomId: theirs.roomId })] });
    expect(room.statusCode).toBe(400);
    expect(room.json().code).toBe('invalid_value');
    expect((await invite({ services: [{ serviceId }] }, 'secretary')).statusCode).toBe(400);
    expect((await invite({ rules: [mon({ end: '08:00' })] })).json().code).toBe('validation_failed');
    expect((await invite({ rules: [mon(), mon({ start: '11:00', end: '14:00' })] })).json().code).toBe(
      'overlapping_hours',
    );
    expect((await invite({ rules: [mon({ mode: 'online', roomId })] })).statusCode).toBe(400);
    for (const bad of [
      { services: [{ serviceId }, { serviceId }] },
      { services: [{ serviceId, priceMinor: -1 }] },
      { services: [{ serviceId: 'not-a-uuid' }] },
      { rules: [mon({ weekday: 8 })] },
      { rules: [mon({ start: '25:00' })] },
      { profile: { color: 'red; drop table' } },
      { profile: { specialty: 'x'.repeat(201) } },
      'a string',
      [],
    ]) {
      const res = await invite(bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    // Nothing was sent to the address for any refused request.
    expect(await lastEmailTo(t(), email)).toBeUndefined();
  });

  it('only the owner invites; a doctor or secretary cannot send a set-up', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const { serviceId } = await serviceAndRoom(t(), clinic, owner);
    for (const who of [clinic.doctor, clinic.secretary]) {
      const res = await call(t(), await login(t(), who), 'POST', `/clinics/${clinic.id}/staff`, {
        email: uniqueEmail('dr'),
        name: 'Dr Y',
        role: 'doctor',
        doctorSetup: { services: [{ serviceId }] },
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('a revoked or replaced invitation’s set-up is never applied; the newest one is', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const { serviceId } = await serviceAndRoom(t(), clinic, owner);
    const email = uniqueEmail('dr');
    const send = async (specialty: string) => {
      const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
        email,
        name: 'Dr Z',
        role: 'doctor',
        doctorSetup: { profile: { specialty }, services: [{ serviceId }] },
      });
      expect(res.statusCode).toBe(201);
      t().clock.advance(1000);
      return inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    };
    const older = await send('Old plan');
    const newer = await send('New plan');
    expect((await accept(t(), older)).statusCode).toBe(400);
    const ok = await accept(t(), newer);
    expect(ok.statusCode).toBe(200);
    const doctor = await call(t(), owner, 'GET', `/clinics/${clinic.id}/doctors/${ok.json().user.id}`);
    expect(doctor.json().specialty).toBe('New plan');
  });
});
