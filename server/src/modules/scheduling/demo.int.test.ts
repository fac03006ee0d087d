import { expect, it } from 'vitest';
import type { DomainEvent } from '../../platform/events/bus.ts';
import { InProcessEventBus } from '../../platform/events/in-process.ts';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, startTestApp } from '../../test/harness.ts';
import { expireLapsedHolds } from './appointments/service.ts';
import { seedSchedulingDemo } from './demo.ts';
import { book, bookingClinic } from './test-fixture.ts';

describeEachDb('scheduling demo and housekeeping', (t) => {
  it('seeds services, hours, a room and appointments in several states for the demo patient', async () => {
    const c = await createTestClinic(t());
    const sec = await login(t(), c.secretary);
    const record = await call(t(), sec, 'POST', `/clinics/${c.id}/patients`, {
      fullName: 'Demo Patient',
      phone: c.patient.phone,
    });
    const seeded = await seedSchedulingDemo(t().db, c.id, { patientId: record.json().id });
    expect(seeded?.serviceIds).toHaveLength(4);
    expect(await seedSchedulingDemo(t().db, c.id)).toBeNull();
    const services = (await call(t(), sec, 'GET', `/clinics/${c.id}/services`)).json().items;
    expect(services.map((s: { mode: string }) => s.mode)).toContain('online');
    const hours = (await call(t(), sec, 'GET', `/clinics/${c.id}/doctors/${c.doctor.id}/work-hours`)).json();
    expect(hours.rules).toContainEqual(expect.objectContaining({ weekday: 1, start: '09:00', end: '17:00' }));
    const from = new Date(t().clock.now().getTime() - 2 * 86_400_000).toISOString();
    const to = new Date(t().clock.now().getTime() + 3 * 86_400_000).toISOString();
    const list = (await call(t(), sec, 'GET', `/clinics/${c.id}/appointments?from=${from}&to=${to}`)).json()
      .items;
    expect(new Set(list.map((a: { status: string }) => a.status))).toEqual(
      new Set(['completed', 'checked_in', 'confirmed', 'cancelled', 'pending']),
    );
    const patient = await login(t(), c.patient);
    expect(
      (await call(t(), patient, 'GET', `/clinics/${c.id}/me/appointments`)).json().items.length,
    ).toBeGreaterThan(0);
  });

  it('the sweep marks lapsed holds expired, once, audited', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const held = (await book(t(), b, b.sec, b.at('12:00'), { holdMinutes: 2 })).json();
    const ctx = { db: t().db, events: new InProcessEventBus() };
    const status = async () =>
      (await call(t(), b.sec, 'GET', `${b.base}/appointments/${held.id}`)).json().status;
    // The database may be shared with other runs: count only this clinic's outcome.
    await expireLapsedHolds(ctx);
    expect(await status()).toBe('pending');
    t().clock.advance(3 * 60_000);
    try {
      await expireLapsedHolds(ctx);
      await expireLapsedHolds(ctx);
    } finally {
      t().clock.advance(-3 * 60_000);
    }
    expect(await status()).toBe('expired');
    const expired = await t()
      .db.owner.selectFrom('audit_events')
      .select('entity_id')
      .where('clinic_id', '=', b.c.id)
      .where('action', '=', 'appointment.expired')
      .execute();
    expect(expired.map((e) => e.entity_id)).toEqual([held.id]);
  });
});

it('publishes an event per change after commit, and none for a refused booking', async () => {
  const events = new InProcessEventBus();
  const seen: DomainEvent[] = [];
  await events.subscribe('appointments', (e) => void seen.push(e));
  const t = await startTestApp('pglite', { events });
  try {
    const b = await bookingClinic(t, await createTestClinic(t));
    const a = (await book(t, b, b.sec, b.at('09:00'))).json();
    expect((await book(t, b, b.sec, b.at('09:00'))).statusCode).toBe(409);
    await call(t, b.sec, 'POST', `${b.base}/appointments/${a.id}/cancel`, { reason: 'moved away' });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.map((e) => [e.type, e.clinicId])).toEqual([
      ['appointment.booked', b.c.id],
      ['appointment.cancelled', b.c.id],
    ]);
    expect(seen[1]?.data).toMatchObject({ appointmentId: a.id, status: 'cancelled' });
  } finally {
    await t.close();
  }
});
