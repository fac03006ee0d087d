import { dayFromIso, isoFromDay, localToUtc, utcToLocal } from '@cliniclick/time';
import { expect } from 'vitest';
import { call } from '../../test/api.ts';
import { type Booking, book, bookingClinic } from '../../test/booking-clinic.ts';
import { createTestClinic, ownerDb, type TestApp } from '../../test/harness.ts';
import type { QueueEntry } from './schema.ts';

/** Helpers of the queue's tests: a clinic whose day starts at 08:00 local, appointments today. */

const ZONE = 'America/New_York';

export interface QueueClinic extends Booking {
  today: string;
  /** Today at a local wall time, as an ISO instant. */
  todayAt(hhmm: string): string;
}

/**
 * Moves the test clock to 08:00 (local) of a day after the clock's current one, so every test
 * starts on a fresh morning, then sets up a clinic ready to book.
 */
export async function queueClinic(t: TestApp): Promise<QueueClinic> {
  const day = utcToLocal(ZONE, t.clock.now().getTime()).day + 1;
  t.clock.set(new Date(localToUtc(ZONE, day, 8 * 60)));
  const b = await bookingClinic(t, await createTestClinic(t, { timeZone: ZONE }), ZONE);
  const today = isoFromDay(day);
  const todayAt = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return new Date(localToUtc(ZONE, dayFromIso(today), (h ?? 0) * 60 + (m ?? 0))).toISOString();
  };
  return { ...b, today, todayAt };
}

/** A confirmed appointment today at `hhmm` for a new patient (or the signed-in one). */
export async function appointmentAt(
  t: TestApp,
  q: QueueClinic,
  hhmm: string,
  who: { patientId?: string; name?: string; phone?: string } = {},
): Promise<string> {
  const patient = who.patientId
    ? { patientId: who.patientId }
    : {
        patientId: undefined,
        patient: { fullName: who.name ?? `Pat ${hhmm}`, phone: who.phone ?? randomPhone() },
      };
  const r = await book(t, q, q.sec, q.todayAt(hhmm), patient);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

export const randomPhone = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

export async function checkIn(t: TestApp, q: QueueClinic, appointmentId: string) {
  const r = await call(t, q.sec, 'POST', `${q.base}/queue/check-in`, { appointmentId });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as QueueEntry;
}

export function appointmentStatus(t: TestApp, clinicId: string, id: string) {
  return ownerDb(t.db)
    .selectFrom('appointments')
    .select(['status', 'cancel_reason'])
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function entriesOf(t: TestApp, clinicId: string) {
  return ownerDb(t.db)
    .selectFrom('queue_entries')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .orderBy('ticket')
    .execute();
}

/** The live events of a clinic's topic, in order (what subscribers get). */
export function liveEventsOf(t: TestApp, clinicId: string, topic: string) {
  return ownerDb(t.db)
    .selectFrom('live_events')
    .select(['seq', 'type', 'data'])
    .where('clinic_id', '=', clinicId)
    .where('topic', '=', topic)
    .orderBy('seq')
    .execute();
}

/** Waits for what the reactions do after a commit (they run right after it, not awaited). */
export async function settled<T>(t: TestApp, probe: () => Promise<T | undefined>, tries = 60): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await t.jobs.runDue();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('not settled');
}

export function smsTo(t: TestApp, phone: string): Promise<string[]> {
  return t.db.owner
    .selectFrom('outbox')
    .select('body')
    .where('recipient', '=', phone)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => r.body));
}
