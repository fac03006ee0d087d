import { expect, it } from 'vitest';
import { systemActor } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { type Booking, bookingClinic } from '../../test/booking-clinic.ts';
import { createTestClinic, describeEachDb, ownerDb, type TestApp } from '../../test/harness.ts';
import { offerTime, sweepWaitlist } from './offers.ts';
import { addWish, liveAt, offerPage, offerTokensTo, phone, smsTo } from './test-fixture.ts';

const ALL = { mode: 'all', minutes: 15, fanOut: 5 } as const;

/** Offers a free 10:00–10:30 of the clinic's doctor, as the reaction would, in mode 'all'. */
function offerTen(t: TestApp, b: Booking) {
  const deps = { db: t.db, outbox: { kick() {} }, settings: { publicUrl: 'http://localhost:3000' } };
  const time = {
    doctorId: b.c.doctor.id,
    serviceId: b.serviceId,
    startsAt: new Date(b.at('10:00')),
    endsAt: new Date(b.at('10:30')),
  };
  return withClinic(t.db, b.c.id, systemActor, (tx) => offerTime(deps, tx, time, ALL));
}

async function fiveWishes(t: TestApp, b: Booking): Promise<string[]> {
  const phones = Array.from({ length: 6 }, () => phone());
  for (const [i, p] of phones.entries()) {
    await addWish(t, b, { patient: { fullName: `Waiter ${i}`, phone: p } });
    t.clock.advance(1000); // a queue in the order they were added
  }
  return phones;
}

describeEachDb('waitlist offers (mode all: first claim wins)', (t) => {
  it('five offers at once, five claims at once: one booking, four "just taken", the others told', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const phones = await fiveWishes(t(), b);
    expect(await offerTen(t(), b)).toBe(5);
    // Offered once: a retried reaction sends nothing more.
    expect(await offerTen(t(), b)).toBe(0);
    const offered = phones.slice(0, 5);
    const tokens = (await Promise.all(offered.map((p) => offerTokensTo(t(), p)))).map((x) => x[0] ?? '');
    expect(tokens.every(Boolean)).toBe(true);
    expect(await offerTokensTo(t(), phones[5] ?? '')).toEqual([]);
    // No hold in this mode: the time stays free until someone claims it.
    expect(await liveAt(t(), b.c.id, b.at('10:00'))).toEqual([]);

    const answers = await Promise.all(
      tokens.slice(0, 4).map((tok) => offerPage(t(), b.c.slug, tok, 'claim')),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => r.body.includes('just taken'))).toBe(
      true,
    );
    const live = await liveAt(t(), b.c.id, b.at('10:00'));
    expect(live).toHaveLength(1);
    expect(live[0]?.status).toBe('confirmed');
    // The fifth, who never clicked, was told it is gone; their link says so too.
    expect(await smsTo(t(), offered[4] ?? '')).toEqual(
      expect.arrayContaining([expect.stringContaining('has just been taken')]),
    );
    expect((await offerPage(t(), b.c.slug, tokens[4] ?? '')).body).toContain('just taken');
    const statuses = await ownerDb(t().db)
      .selectFrom('waitlist_wishes')
      .select('status')
      .where('clinic_id', '=', b.c.id)
      .execute();
    expect(statuses.map((s) => s.status).sort()).toEqual([
      'booked',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
    ]);
  });

  it('unanswered offers lapse with the sweep and the wishes wait again', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const phones = await fiveWishes(t(), b);
    await offerTen(t(), b);
    t().clock.advance(16 * 60_000);
    await sweepWaitlist(t().db);
    const token = (await offerTokensTo(t(), phones[0] ?? ''))[0] ?? '';
    expect((await offerPage(t(), b.c.slug, token, 'claim')).body).toContain('lapsed');
    const rows = await ownerDb(t().db)
      .selectFrom('waitlist_offers')
      .select('status')
      .where('clinic_id', '=', b.c.id)
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['lapsed', 'lapsed', 'lapsed', 'lapsed', 'lapsed']);
    expect(await liveAt(t(), b.c.id, b.at('10:00'))).toEqual([]);
  });
});
