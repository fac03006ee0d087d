import { dayFromIso, isoFromDay, localToUtc, utcToLocal } from '@cliniclick/time';
import { expect } from 'vitest';
import type { AppDeps } from '../../platform/deps.ts';
import { InProcessEventBus } from '../../platform/events/in-process.ts';
import { call } from '../../test/api.ts';
import {
  login,
  ownerDb,
  type Signed,
  TEST_SECRET,
  type TestApp,
  type TestClinic,
} from '../../test/harness.ts';

/** Test helpers of the notices module (imported by its int tests only). */

/** A clinic ready to book through the API: one service of its doctor, open 08:00–18:00 every day. */
export interface Booking {
  c: TestClinic;
  sec: Signed;
  base: string;
  serviceId: string;
  patientId: string;
  /** A local date a week from the test clock's today. */
  date: string;
  /** That date (or `date`) at a local wall time, as an ISO instant. */
  at(hhmm: string, date?: string): string;
}

export async function bookingClinic(t: TestApp, c: TestClinic, zone = 'America/New_York'): Promise<Booking> {
  const [owner, sec] = await Promise.all([login(t, c.owner), login(t, c.secretary)]);
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
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '08:00',
    end: '18:00',
    mode: 'in_person',
  }));
  expect((await call(t, sec, 'PUT', `${base}/doctors/${c.doctor.id}/work-hours`, { rules })).statusCode).toBe(
    200,
  );
  const reg = await call(t, sec, 'POST', `${base}/patients`, { fullName: 'Pat Lee', phone: c.patient.phone });
  expect(reg.statusCode).toBe(201);
  const date = isoFromDay(utcToLocal(zone, t.clock.now().getTime()).day + 7);
  const at = (hhmm: string, d = date) => {
    const [h, m] = hhmm.split(':').map(Number);
    return new Date(localToUtc(zone, dayFromIso(d), (h ?? 0) * 60 + (m ?? 0))).toISOString();
  };
  return { c, sec, base, serviceId, patientId: reg.json().id, date, at };
}

/** Books the clinic's patient with the doctor at `startsAt` (as `who`). */
export function book(t: TestApp, b: Booking, who: Signed, startsAt: string) {
  return call(t, who, 'POST', `${b.base}/appointments`, {
    doctorId: b.c.doctor.id,
    serviceId: b.serviceId,
    patientId: b.patientId,
    startsAt,
  });
}

/** The outbox rows linked to an appointment, oldest first, with their text. */
export async function messagesOf(t: TestApp, appointmentId: string) {
  return ownerDb(t.db)
    .selectFrom('appointment_messages as m')
    .innerJoin('outbox as o', 'o.id', 'm.outbox_id')
    .select(['m.kind', 'm.channel', 'o.id', 'o.recipient', 'o.body', 'o.subject', 'm.fallback_of'])
    .where('m.appointment_id', '=', appointmentId)
    .orderBy('m.created_at')
    .orderBy('o.id')
    .execute();
}

/** The self-service path (/c/{slug}/visit/{token}) a message carries. */
export function linkIn(body: string): string {
  const m = /(\/c\/[a-z0-9-]+\/visit\/[A-Za-z0-9_-]{43})/.exec(body);
  expect(m, `no link in: ${body}`).toBeTruthy();
  return m?.[1] ?? '';
}

/**
 * Runs queued jobs until none is due. A commit's jobs start on their own in the background
 * (a reaction queues more as it runs), so this waits for those too.
 */
export async function settle(t: TestApp, clinicId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await t.jobs.runDue();
    const due = await t.db.owner
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('clinic_id', '=', clinicId)
      .where('status', '=', 'pending')
      // Due now, or claimed and still running (its lease moved run_at ahead).
      .where((eb) => eb.or([eb('run_at', '<=', t.clock.now()), eb('lease_owner', 'is not', null)]))
      .executeTakeFirstOrThrow();
    if (Number(due.n) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('jobs did not settle');
}

export async function reminderJobs(t: TestApp, clinicId: string) {
  return t.db.owner
    .selectFrom('jobs')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('name', '=', 'notices.reminder')
    .orderBy('run_at')
    .execute();
}

/** A form post from the page itself (same origin). */
export function postForm(
  t: TestApp,
  url: string,
  form: Record<string, string> = {},
  origin = 'http://localhost:3000',
) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, host: 'localhost:3000' },
    payload: new URLSearchParams(form).toString(),
  });
}

/** Another instance's dependencies on the same database (its own runner, bus and outbox kick). */
export const deps = (app: TestApp): AppDeps => ({
  db: app.db,
  clock: app.clock,
  events: new InProcessEventBus(),
  outbox: { kick: () => {} },
  settings: {
    appSecret: TEST_SECRET,
    publicUrl: 'http://localhost:3000',
    bodyLimit: 1_048_576,
    trustProxy: false,
    secureCookies: false,
    logLevel: 'silent',
  },
});
