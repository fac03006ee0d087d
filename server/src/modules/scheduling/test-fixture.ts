import { dayFromIso, isoFromDay, localToUtc, utcToLocal } from '@cliniclick/time';
import { expect } from 'vitest';
import { newId } from '../../platform/db/ids.ts';
import { call } from '../../test/api.ts';
import { login, type Signed, type TestApp, type TestClinic } from '../../test/harness.ts';

/** A clinic ready to book: a service offered by its doctor, hours every day 08:00–18:00. */
export interface Booking {
  c: TestClinic;
  owner: Signed;
  sec: Signed;
  doc: Signed;
  patient: Signed;
  base: string;
  serviceId: string;
  /** This clinic's record id of the signed-in patient (not their user id). */
  patientId: string;
  /** A local date a week from the test clock's today. */
  date: string;
  /** That date (or `date`) at a local wall time, as an ISO instant. */
  at(hhmm: string, date?: string): string;
  zone: string;
}

export function everyDay(start = '08:00', end = '18:00', extra: Record<string, unknown> = {}) {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end, mode: 'in_person', ...extra }));
}

export async function bookingClinic(t: TestApp, c: TestClinic, zone = 'America/New_York'): Promise<Booking> {
  const [owner, sec, doc, patient] = await Promise.all([
    login(t, c.owner),
    login(t, c.secretary),
    login(t, c.doctor),
    login(t, c.patient),
  ]);
  const base = `/clinics/${c.id}`;
  const service = await call(t, owner, 'POST', `${base}/services`, {
    name: 'Consultation',
    durationMin: 30,
    priceMinor: 5000,
    mode: 'in_person',
  });
  expect(service.statusCode).toBe(201);
  const serviceId = service.json().id as string;
  expect(
    (await call(t, owner, 'PUT', `${base}/doctors/${c.doctor.id}/services/${serviceId}`, {})).statusCode,
  ).toBe(200);
  const hours = await call(t, sec, 'PUT', `${base}/doctors/${c.doctor.id}/work-hours`, { rules: everyDay() });
  expect(hours.statusCode).toBe(200);
  // The signed-in patient gets a record in this clinic (same person, found by phone).
  const reg = await call(t, sec, 'POST', `${base}/patients`, { fullName: 'Pat Lee', phone: c.patient.phone });
  expect(reg.statusCode).toBe(201);
  const today = utcToLocal(zone, t.clock.now().getTime()).day;
  const date = isoFromDay(today + 7);
  const at = (hhmm: string, d = date) => {
    const [h, m] = hhmm.split(':').map(Number);
    return new Date(localToUtc(zone, dayFromIso(d), (h ?? 0) * 60 + (m ?? 0))).toISOString();
  };
  return { c, owner, sec, doc, patient, base, serviceId, patientId: reg.json().id, date, at, zone };
}

/** A second doctor in the clinic (a user with a doctor membership), signed in. */
export async function addDoctor(t: TestApp, c: TestClinic): Promise<{ id: string; email: string }> {
  const id = newId();
  const email = `doctor2-${id.slice(-8)}@${c.slug}.test`;
  const owner = t.db.owner;
  await owner
    .insertInto('users')
    .values({ id, name: `Second ${id.slice(-4)}`, locale: null, platform_role: null })
    .execute();
  const hash = await owner
    .selectFrom('identities')
    .select('password_hash')
    .where('user_id', '=', c.doctor.id)
    .where('kind', '=', 'email')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('identities')
    .values({
      id: newId(),
      user_id: id,
      kind: 'email',
      value: email,
      password_hash: hash.password_hash,
      verified_at: new Date(),
    })
    .execute();
  await owner
    .insertInto('memberships')
    .values({ clinic_id: c.id, user_id: id, role: 'doctor', created_by: null })
    .execute();
  return { id, email };
}

export function book(
  t: TestApp,
  b: Booking,
  who: Signed,
  startsAt: string,
  extra: Record<string, unknown> = {},
) {
  return call(t, who, 'POST', `${b.base}/appointments`, {
    doctorId: b.c.doctor.id,
    serviceId: b.serviceId,
    patientId: b.patientId,
    startsAt,
    ...extra,
  });
}
