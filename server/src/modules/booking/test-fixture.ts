import { expect } from 'vitest';
import { lastSmsTo, otpFrom, randomIp, type TestApp } from '../../test/harness.ts';
import type { Booking } from '../scheduling/test-fixture.ts';

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
