import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { call } from '../../test/api.ts';
import { type Booking, book } from '../../test/booking-clinic.ts';
import { ownerDb, type TestApp } from '../../test/harness.ts';

/** Helpers of the waitlist's tests. */

/** A phone no other test uses (the outbox is shared by every clinic of a test database). */
export const phone = () => `+1555${String(randomInt(10_000_000)).padStart(7, '0')}`;

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

/** Offer links in SMS to a phone, newest first. */
export async function offerTokensTo(t: TestApp, phone: string): Promise<string[]> {
  const rows = await t.db.owner
    .selectFrom('outbox')
    .select('body')
    .where('recipient', '=', phone)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.flatMap((r) => /\/waitlist\/offer\/([A-Za-z0-9_-]+)/.exec(r.body)?.[1] ?? []);
}

export async function smsTo(t: TestApp, phone: string): Promise<string[]> {
  const rows = await t.db.owner
    .selectFrom('outbox')
    .select('body')
    .where('recipient', '=', phone)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => r.body);
}

export async function addWish(t: TestApp, b: Booking, body: Record<string, unknown>) {
  const r = await call(t, b.sec, 'POST', `${b.base}/waitlist`, {
    serviceId: b.serviceId,
    fromDate: b.date,
    toDate: b.date,
    ...body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; patientId: string; status: string };
}

/** Books a time for a stranger and cancels it: the time frees. */
export async function freeTime(t: TestApp, b: Booking, hhmm: string, who = phone()) {
  const booked = await book(t, b, b.sec, b.at(hhmm), {
    patientId: undefined,
    patient: { fullName: 'Someone Else', phone: who },
  });
  expect(booked.statusCode, booked.body).toBe(201);
  const id = booked.json().id as string;
  const cancelled = await call(t, b.sec, 'POST', `${b.base}/appointments/${id}/cancel`, {
    reason: 'cannot come',
  });
  expect(cancelled.statusCode, cancelled.body).toBe(200);
  return id;
}

export function offerPage(t: TestApp, slug: string, token: string, action?: 'claim' | 'decline') {
  return t.app.inject({
    method: action ? 'POST' : 'GET',
    url: `/c/${slug}/waitlist/offer/${token}${action ? `/${action}` : ''}`,
    ...(action ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' } : {}),
  });
}

/** Live appointments of the clinic at a time. */
export function liveAt(t: TestApp, clinicId: string, startsAt: string) {
  return ownerDb(t.db)
    .selectFrom('appointments')
    .select(['id', 'patient_id', 'status'])
    .where('clinic_id', '=', clinicId)
    .where('starts_at', '=', new Date(startsAt))
    .where('status', 'in', ['pending', 'confirmed'])
    .execute();
}
