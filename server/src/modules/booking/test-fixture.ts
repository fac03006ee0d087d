import { dayFromIso, isoFromDay, localToUtc, utcToLocal } from '@cliniclick/time';
import { expect } from 'vitest';
import { call } from '../../test/api.ts';
import {
  lastSmsTo,
  login,
  otpFrom,
  randomIp,
  type Signed,
  type TestApp,
  type TestClinic,
} from '../../test/harness.ts';

/** A clinic ready to book online: one service its doctor offers, hours every day 08:00–18:00. */
export interface Booking {
  c: TestClinic;
  owner: Signed;
  sec: Signed;
  patient: Signed;
  base: string;
  serviceId: string;
  /** A local date a week from the test clock's today. */
  date: string;
  /** That date at a local wall time, as an ISO instant. */
  at(hhmm: string): string;
}

export async function bookingClinic(t: TestApp, c: TestClinic, zone = 'America/New_York'): Promise<Booking> {
  const [owner, sec, patient] = await Promise.all([
    login(t, c.owner),
    login(t, c.secretary),
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
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '08:00',
    end: '18:00',
    mode: 'in_person',
  }));
  expect((await call(t, sec, 'PUT', `${base}/doctors/${c.doctor.id}/work-hours`, { rules })).statusCode).toBe(
    200,
  );
  const today = utcToLocal(zone, t.clock.now().getTime()).day;
  const date = isoFromDay(today + 7);
  const at = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return new Date(localToUtc(zone, dayFromIso(date), (h ?? 0) * 60 + (m ?? 0))).toISOString();
  };
  return { c, owner, sec, patient, base, serviceId, date, at };
}

/** A public request (no sign-in) from `ip` (a fresh address unless given). */
export function pub(t: TestApp, method: 'GET' | 'POST', url: string, payload?: unknown, ip = randomIp()) {
  return t.app.inject({
    method,
    url: `/api/v1/public/clinics${url}`,
    remoteAddress: ip,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

export const phoneNo = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** Holds `hhmm` on the booking's date with the clinic's doctor (or `any`). */
export function hold(t: TestApp, b: Booking, hhmm: string, opts: { ip?: string; doctorId?: string } = {}) {
  return pub(
    t,
    'POST',
    `/${b.c.slug}/holds`,
    { serviceId: b.serviceId, doctorId: opts.doctorId ?? b.c.doctor.id, startsAt: b.at(hhmm) },
    opts.ip,
  );
}

/** The whole public flow: hold, details, the SMS code, verify. Returns the verify answer. */
export async function bookOnline(
  t: TestApp,
  b: Booking,
  hhmm: string,
  who: { name: string; phone: string },
  ip = randomIp(),
) {
  const h = await hold(t, b, hhmm, { ip });
  expect(h.statusCode, h.body).toBe(201);
  const { holdId, holdSecret } = h.json() as { holdId: string; holdSecret: string };
  const d = await pub(t, 'POST', `/${b.c.slug}/holds/${holdId}/details`, { holdSecret, ...who }, ip);
  expect(d.statusCode, d.body).toBe(200);
  const code = otpFrom(await lastSmsTo(t, who.phone));
  const v = await pub(t, 'POST', `/${b.c.slug}/holds/${holdId}/verify`, { holdSecret, code }, ip);
  return { verify: v, holdId, holdSecret, code, ip };
}
