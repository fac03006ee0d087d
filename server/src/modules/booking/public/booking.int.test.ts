import { expect, it } from 'vitest';
import {
  createTestClinic,
  describeEachDb,
  lastSmsTo,
  otpFrom,
  ownerDb,
  randomIp,
} from '../../../test/harness.ts';
import { bookingClinic, bookOnline, hold, phoneNo, pub } from '../test-fixture.ts';

describeEachDb('public booking: catalog, hold, code, verify', (t) => {
  it('a visitor books through the API: confirmed, source site, a returning patient is not duplicated', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const slug = b.c.slug;
    const services = await pub(t(), 'GET', `/${slug}/services`);
    expect(services.statusCode).toBe(200);
    expect(services.json().services).toEqual([
      expect.objectContaining({ id: b.serviceId, name: 'Consultation', requiresApproval: false }),
    ]);
    const doctors = await pub(t(), 'GET', `/${slug}/doctors?serviceId=${b.serviceId}`);
    expect(doctors.json().items.map((d: { id: string }) => d.id)).toEqual([b.c.doctor.id]);
    const days = await pub(t(), 'GET', `/${slug}/days?serviceId=${b.serviceId}`);
    expect(days.statusCode).toBe(200);
    expect(days.json().days.find((d: { date: string }) => d.date === b.date).free).toBeGreaterThan(0);
    const slots = await pub(t(), 'GET', `/${slug}/slots?serviceId=${b.serviceId}&date=${b.date}`);
    expect(slots.statusCode).toBe(200);
    const first = slots.json().slots[0];
    expect(first.recommended).toBe(true);
    expect(first.doctorName).toBeTruthy();

    const phone = phoneNo();
    const { verify } = await bookOnline(t(), b, '10:00', { name: 'Sara Online', phone });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json()).toMatchObject({
      status: 'confirmed',
      startsAt: b.at('10:00'),
      selfServiceUrl: null,
    });
    t().clock.advance(1000); // the SMS of the second booking is the newest one
    const again = await bookOnline(t(), b, '11:00', { name: 'Sara Online', phone });
    expect(again.verify.statusCode).toBe(200);

    const db = ownerDb(t().db);
    const rows = await db
      .selectFrom('appointments')
      .select(['status', 'source', 'patient_id'])
      .where('clinic_id', '=', b.c.id)
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.source === 'site' && r.status === 'confirmed')).toBe(true);
    expect(new Set(rows.map((r) => r.patient_id)).size).toBe(1);
    const audit = await db
      .selectFrom('audit_events')
      .select('action')
      .where('clinic_id', '=', b.c.id)
      .where('entity_id', '=', again.holdId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['appointment.held', 'booking.code_sent', 'appointment.confirmed']),
    );
    // The booked time is gone from the public list.
    const after = await pub(t(), 'GET', `/${slug}/slots?serviceId=${b.serviceId}&date=${b.date}`);
    expect(after.json().slots.some((s: { start: string }) => s.start === b.at('10:00'))).toBe(false);
  });

  it('concurrent holds on one slot: exactly one wins, the rest are slot_taken', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const answers = await Promise.all(Array.from({ length: 20 }, () => hold(t(), b, '14:00')));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'slot_taken')).toBe(
      true,
    );
  });

  it('"any" takes the first doctor free; a time off the public list is refused', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const h = await hold(t(), b, '09:00', { doctorId: 'any' });
    expect(h.statusCode, h.body).toBe(201);
    expect(h.json().doctorId).toBe(b.c.doctor.id);
    const again = await hold(t(), b, '09:00', { doctorId: 'any' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('slot_taken');
    // 03:00 is outside the doctor's hours: not offered, so not bookable.
    const night = await hold(t(), b, '03:00');
    expect(night.statusCode).toBe(409);
  });

  it('the hold secret is required: a hold id alone neither sends codes nor verifies', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const h = await hold(t(), b, '12:00');
    const { holdId, holdSecret } = h.json();
    const wrong = `${holdSecret.slice(0, -4)}AAAA`;
    const phone = phoneNo();
    const d = await pub(t(), 'POST', `/${b.c.slug}/holds/${holdId}/details`, {
      holdSecret: wrong,
      name: 'Mallory',
      phone,
    });
    expect(d.statusCode).toBe(404);
    expect(await lastSmsTo(t(), phone)).toBeUndefined();
    const v = await pub(t(), 'POST', `/${b.c.slug}/holds/${holdId}/verify`, {
      holdSecret: wrong,
      code: '123456',
    });
    expect(v.statusCode).toBe(404);
    // The honeypot: a filled hidden field is refused and sends nothing.
    const bot = await pub(t(), 'POST', `/${b.c.slug}/holds/${holdId}/details`, {
      holdSecret,
      name: 'Bot',
      phone,
      website: 'http://spam.example',
    });
    expect(bot.statusCode).toBe(400);
    expect(await lastSmsTo(t(), phone)).toBeUndefined();
  });

  it('wrong, locked, replayed and expired codes', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const ip = randomIp();
    const h = await hold(t(), b, '13:00', { ip });
    const { holdId, holdSecret } = h.json();
    const phone = phoneNo();
    const url = `/${b.c.slug}/holds/${holdId}`;
    expect(
      (await pub(t(), 'POST', `${url}/details`, { holdSecret, name: 'Ann', phone }, ip)).statusCode,
    ).toBe(200);
    const code = otpFrom(await lastSmsTo(t(), phone));
    const bad = code === '000000' ? '111111' : '000000';
    const first = await pub(t(), 'POST', `${url}/verify`, { holdSecret, code: bad }, ip);
    expect(first.statusCode).toBe(400);
    expect(first.json()).toMatchObject({ code: 'code_invalid', attemptsLeft: 4 });
    for (let i = 0; i < 4; i++) await pub(t(), 'POST', `${url}/verify`, { holdSecret, code: bad }, ip);
    const locked = await pub(t(), 'POST', `${url}/verify`, { holdSecret, code }, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('code_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // A new code (after the cooldown) works once; replaying it is refused.
    t().clock.advance(61_000);
    expect(
      (await pub(t(), 'POST', `${url}/details`, { holdSecret, name: 'Ann', phone }, ip)).statusCode,
    ).toBe(200);
    const code2 = otpFrom(await lastSmsTo(t(), phone));
    const ok = await pub(t(), 'POST', `${url}/verify`, { holdSecret, code: code2 }, ip);
    expect(ok.statusCode, ok.body).toBe(200);
    const replay = await pub(t(), 'POST', `${url}/verify`, { holdSecret, code: code2 }, ip);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().code).toBe('already_booked');

    // A hold left unverified lapses by itself: its code is dead and the time is free again.
    const h2 = await hold(t(), b, '16:00');
    const s2 = h2.json();
    const phone2 = phoneNo();
    await pub(t(), 'POST', `/${b.c.slug}/holds/${s2.holdId}/details`, {
      holdSecret: s2.holdSecret,
      name: 'Bo',
      phone: phone2,
    });
    t().clock.advance(11 * 60_000);
    const late = await pub(t(), 'POST', `/${b.c.slug}/holds/${s2.holdId}/verify`, {
      holdSecret: s2.holdSecret,
      code: otpFrom(await lastSmsTo(t(), phone2)),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('hold_expired');
    expect((await hold(t(), b, '16:00')).statusCode).toBe(201);
  });

  it("another clinic's service and doctor ids are 404; a suspended clinic refuses holds", async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await bookingClinic(t(), await createTestClinic(t()));
    const slug = b.c.slug;
    expect((await pub(t(), 'GET', `/${slug}/doctors?serviceId=${other.serviceId}`)).statusCode).toBe(404);
    expect(
      (await pub(t(), 'GET', `/${slug}/slots?serviceId=${other.serviceId}&date=${b.date}`)).statusCode,
    ).toBe(404);
    const foreignDoctor = await pub(t(), 'POST', `/${slug}/holds`, {
      serviceId: b.serviceId,
      doctorId: other.c.doctor.id,
      startsAt: b.at('10:00'),
    });
    expect(foreignDoctor.statusCode).toBe(404);
    expect((await pub(t(), 'GET', `/no-such-clinic-x/services`)).statusCode).toBe(404);
    await ownerDb(t().db)
      .updateTable('clinics')
      .set({ status: 'suspended' })
      .where('id', '=', b.c.id)
      .execute();
    const refused = await hold(t(), b, '10:00');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('not_accepting_bookings');
  });
});
