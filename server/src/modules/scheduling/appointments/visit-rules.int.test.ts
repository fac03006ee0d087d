import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb } from '../../../test/harness.ts';
import { book, bookingClinic } from '../test-fixture.ts';

const HOUR = 3_600_000;

describeEachDb('visit rules: the steps that fit the moment', (t) => {
  it('a visit starts after check-in only, unless the clinic allows it; the owner alone says so', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    // Not yet arrived: check in or cancel; no "start" while the clinic wants check-in first.
    expect(a.actions).toEqual(['checkIn', 'cancel']);
    const early = await call(t(), b.doc, 'POST', `${b.base}/appointments/${a.id}/start`);
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.json()).toMatchObject({ code: 'check_in_first', appointmentStatus: 'confirmed' });

    const rulesUrl = `${b.base}/visit-rules`;
    expect((await call(t(), b.sec, 'GET', rulesUrl)).json()).toEqual({ startBeforeCheckIn: false });
    // Only the owner changes the rules: the front desk, the doctor and a patient are refused.
    for (const who of [b.sec, b.doc, b.patient]) {
      const res = await call(t(), who, 'PUT', rulesUrl, { startBeforeCheckIn: true });
      expect([403, 404]).toContain(res.statusCode);
    }
    // Another clinic's owner cannot reach this clinic's rules at all.
    const other = await bookingClinic(t(), await createTestClinic(t()));
    const foreign = await call(t(), other.owner, 'PUT', rulesUrl, { startBeforeCheckIn: true });
    expect(foreign.statusCode).toBe(404);
    for (const bad of [{}, { startBeforeCheckIn: 'yes' }, { startBeforeCheckIn: null }]) {
      const res = await call(t(), b.owner, 'PUT', rulesUrl, bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect((await call(t(), b.sec, 'GET', rulesUrl)).json()).toEqual({ startBeforeCheckIn: false });

    const set = await call(t(), b.owner, 'PUT', rulesUrl, { startBeforeCheckIn: true });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ startBeforeCheckIn: true });
    const now = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}`)).json();
    expect(now.actions).toEqual(['checkIn', 'start', 'cancel']);
    const started = await call(t(), b.doc, 'POST', `${b.base}/appointments/${a.id}/start`);
    expect(started.statusCode).toBe(200);
    expect(started.json().status).toBe('in_progress');

    // The other clinic keeps its own (default) rule.
    const theirs = (await book(t(), other, other.sec, other.at('09:00'))).json();
    expect(theirs.actions).toEqual(['checkIn', 'cancel']);
    expect(
      (await call(t(), other.doc, 'POST', `${other.base}/appointments/${theirs.id}/start`)).json().code,
    ).toBe('check_in_first');

    // Saving the same value again writes no second audit entry; the change is audited once.
    expect((await call(t(), b.owner, 'PUT', rulesUrl, { startBeforeCheckIn: true })).statusCode).toBe(200);
    const log = (await call(t(), b.owner, 'GET', `${b.base}/audit?action=clinic.visit_rules_changed`)).json();
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ actorUserId: b.c.owner.id, entityType: 'clinic' });
  });

  it('a patient who has arrived is never marked as not come; a confirmed one is, once their time has come', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const start = t().clock.now();
    // Two visits in the next hours (on the hour), then the clock moves past both.
    const first = new Date(Math.ceil(start.getTime() / HOUR) * HOUR + HOUR);
    const second = new Date(first.getTime() + HOUR);
    try {
      const arrived = await book(t(), b, b.sec, first.toISOString());
      expect(arrived.statusCode, arrived.body).toBe(201);
      const missing = (await book(t(), b, b.sec, second.toISOString())).json();
      const checkedIn = await call(
        t(),
        b.sec,
        'POST',
        `${b.base}/appointments/${arrived.json().id}/check-in`,
      );
      expect(checkedIn.statusCode).toBe(200);
      t().clock.set(new Date(second.getTime() + HOUR));
      const one = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${arrived.json().id}`)).json();
      expect(one.status).toBe('checked_in');
      expect(one.actions).toEqual(['start', 'cancel']);
      const refused = await call(t(), b.sec, 'POST', `${b.base}/appointments/${arrived.json().id}/no-show`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'invalid_transition', appointmentStatus: 'checked_in' });

      const other = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${missing.id}`)).json();
      expect(other.actions).toContain('markNoShow');
      const marked = await call(t(), b.sec, 'POST', `${b.base}/appointments/${missing.id}/no-show`);
      expect(marked.statusCode).toBe(200);
      expect(marked.json().status).toBe('no_show');
    } finally {
      t().clock.set(start);
    }
  });

  it('a service may carry an Arabic name, shown with its appointments', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const url = `${b.base}/services/${b.serviceId}`;
    const named = await call(t(), b.sec, 'PATCH', url, { nameAr: 'استشارة' });
    expect(named.statusCode).toBe(200);
    expect(named.json()).toMatchObject({ name: 'Consultation', nameAr: 'استشارة' });
    const a = (await book(t(), b, b.sec, b.at('10:00'))).json();
    expect(a).toMatchObject({ serviceName: 'Consultation', serviceNameAr: 'استشارة' });
    const mine = await call(t(), b.patient, 'GET', `/clinics/${b.c.id}/me/appointments`);
    expect(mine.json().items[0]).toMatchObject({ serviceNameAr: 'استشارة' });
    for (const bad of ['', 'x'.repeat(201), 'a\u202Eb', 42]) {
      const res = await call(t(), b.sec, 'PATCH', url, { nameAr: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const created = await call(t(), b.owner, 'POST', `${b.base}/services`, {
      name: 'Check-up',
      nameAr: 'فحص',
      durationMin: 20,
      priceMinor: 3000,
      mode: 'in_person',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().nameAr).toBe('فحص');
    const cleared = await call(t(), b.sec, 'PATCH', url, { nameAr: null });
    expect(cleared.json().nameAr).toBeNull();
    // Another clinic cannot rename it.
    const other = await bookingClinic(t(), await createTestClinic(t()));
    expect((await call(t(), other.owner, 'PATCH', url, { nameAr: 'x' })).statusCode).toBe(404);
  });
});
