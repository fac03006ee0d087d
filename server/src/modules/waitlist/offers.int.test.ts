import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { book, bookingClinic } from '../../test/booking-clinic.ts';
import { createTestClinic, describeEachDb, ownerDb } from '../../test/harness.ts';
import { expireLapsedHolds } from '../scheduling/index.ts';
import {
  addWish,
  freeTime,
  liveAt,
  offerPage,
  offerTokensTo,
  phone,
  settled,
  smsTo,
} from './test-fixture.ts';

describeEachDb('waitlist offers (mode one: a hold for one patient at a time)', (t) => {
  it('a freed time goes to the urgent wish first; declined, it goes to the next; claimed, it is booked', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const OTHER = phone();
    // The older normal wish, then a newer urgent one: urgent is served first.
    const normal = await addWish(t(), b, { patientId: b.patientId, parts: ['morning'] });
    const urgent = await addWish(t(), b, {
      patient: { fullName: 'Urgent Una', phone: OTHER },
      priority: 'urgent',
    });
    // A wish for the afternoon only does not fit a 10:00 time.
    await addWish(t(), b, { patient: { fullName: 'Late Lou', phone: phone() }, parts: ['afternoon'] });

    await freeTime(t(), b, '10:00');
    const [first] = await settled(
      t(),
      async () => (await offerTokensTo(t(), OTHER))[0] && offerTokensTo(t(), OTHER),
    );
    expect(first).toBeDefined();
    // The time is held for Una: nobody else can book it meanwhile.
    const held = await liveAt(t(), b.c.id, b.at('10:00'));
    expect(held.map((a) => a.status)).toEqual(['pending']);
    expect((await book(t(), b, b.sec, b.at('10:00'))).statusCode).toBe(409);
    const page = await offerPage(t(), b.c.slug, first ?? '');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Take this time');
    expect(page.headers['cache-control']).toBe('no-store');

    expect((await offerPage(t(), b.c.slug, first ?? '', 'decline')).statusCode).toBe(200);
    const second = await settled(t(), async () => (await offerTokensTo(t(), b.c.patient.phone))[0]);
    const claimed = await offerPage(t(), b.c.slug, second, 'claim');
    expect(claimed.statusCode).toBe(200);
    expect(claimed.body).toContain('Booked');
    const live = await liveAt(t(), b.c.id, b.at('10:00'));
    expect(live).toEqual([expect.objectContaining({ patient_id: b.patientId, status: 'confirmed' })]);

    const list = await call(t(), b.sec, 'GET', `${b.base}/waitlist?status=booked`);
    expect(list.json().items.map((w: { id: string }) => w.id)).toEqual([normal.id]);
    const waiting = await call(t(), b.sec, 'GET', `${b.base}/waitlist`);
    expect(waiting.json().items.map((w: { id: string }) => w.id)).toContain(urgent.id);
    // The declined link now says so; claiming it books nothing.
    expect((await offerPage(t(), b.c.slug, first ?? '', 'claim')).body).toContain('You stay on the waitlist');
    expect(await smsTo(t(), b.c.patient.phone)).toEqual(
      expect.arrayContaining([expect.stringContaining('booked')]),
    );
    const audit = await ownerDb(t().db)
      .selectFrom('audit_events')
      .select('action')
      .where('clinic_id', '=', b.c.id)
      .where('action', 'like', 'waitlist.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'waitlist.wish_added',
        'waitlist.offered',
        'waitlist.offer_declined',
        'waitlist.claimed',
      ]),
    );
  });

  it('an offer that lapses passes the time to the next wish; the lapsed link books nothing', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const OTHER = phone();
    await addWish(t(), b, { patient: { fullName: 'First Fay', phone: OTHER } });
    t().clock.advance(60_000); // Fay has waited longer
    await addWish(t(), b, { patientId: b.patientId });
    await freeTime(t(), b, '11:00');
    const first = await settled(t(), async () => (await offerTokensTo(t(), OTHER))[0]);
    t().clock.advance(16 * 60_000);
    // The scheduling sweep marks the lapsed hold expired; its event passes the time on.
    await expireLapsedHolds({ db: t().db });
    const second = await settled(t(), async () => (await offerTokensTo(t(), b.c.patient.phone))[0]);
    const late = await offerPage(t(), b.c.slug, first, 'claim');
    expect(late.body).toContain('lapsed');
    expect((await offerPage(t(), b.c.slug, second, 'claim')).statusCode).toBe(200);
    const live = await liveAt(t(), b.c.id, b.at('11:00'));
    expect(live).toEqual([expect.objectContaining({ patient_id: b.patientId, status: 'confirmed' })]);
  });

  it('ten claims of one link at once book once', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    await addWish(t(), b, { patientId: b.patientId });
    await freeTime(t(), b, '09:00');
    const token = await settled(t(), async () => (await offerTokensTo(t(), b.c.patient.phone))[0]);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => offerPage(t(), b.c.slug, token, 'claim')),
    );
    expect(answers.every((r) => r.statusCode === 200 && r.body.includes('Booked'))).toBe(true);
    expect(await liveAt(t(), b.c.id, b.at('09:00'))).toHaveLength(1);
  });

  it('forged, unknown-clinic and other-clinic links are 404s', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await createTestClinic(t());
    await addWish(t(), b, { patientId: b.patientId });
    await freeTime(t(), b, '14:00');
    const token = await settled(t(), async () => (await offerTokensTo(t(), b.c.patient.phone))[0]);
    expect((await offerPage(t(), other.slug, token)).statusCode).toBe(404);
    expect((await offerPage(t(), other.slug, token, 'claim')).statusCode).toBe(404);
    expect((await offerPage(t(), b.c.slug, `${token.slice(0, -2)}xx`)).statusCode).toBe(404);
    expect((await offerPage(t(), b.c.slug, 'A'.repeat(43), 'claim')).statusCode).toBe(404);
    expect((await offerPage(t(), 'no-such-clinic', token)).statusCode).toBe(404);
    // Nothing was booked by any of these.
    expect(await liveAt(t(), b.c.id, b.at('14:00'))).toEqual([
      expect.objectContaining({ status: 'pending' }),
    ]);
  });
});
