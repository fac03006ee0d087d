import { expect, it } from 'vitest';
import { bookingClinic } from '../../test/booking-clinic.ts';
import { createTestClinic, describeEachDb, otpFrom, ownerDb, type TestApp } from '../../test/harness.ts';
import { phone, smsTo } from './test-fixture.ts';

function post(t: TestApp, url: string, form: Record<string, string | string[]>, ip = '10.1.2.3') {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

describeEachDb('the site’s waitlist form (name, phone, SMS code)', (t) => {
  it('a patient joins from the site with the texted code; a wrong code adds nothing', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const form = await t().app.inject({ method: 'GET', url: `/c/${b.c.slug}/waitlist?lang=ar` });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('dir="rtl"');
    expect(form.body).toContain('Consultation');
    const me = phone();
    const wish = {
      serviceId: b.serviceId,
      fromDate: b.date,
      toDate: b.date,
      parts: ['morning', 'evening'],
      fullName: 'Site Sara',
      phone: me,
    };
    const step1 = await post(t(), `/c/${b.c.slug}/waitlist`, wish);
    expect(step1.statusCode, step1.body).toBe(200);
    const code = otpFrom((await smsTo(t(), me))[0]);
    const wrong = await post(t(), `/c/${b.c.slug}/waitlist/verify`, {
      ...wish,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await post(t(), `/c/${b.c.slug}/waitlist/verify`, { ...wish, code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('You are on the waitlist');
    const rows = await ownerDb(t().db)
      .selectFrom('waitlist_wishes')
      .select(['source', 'parts', 'status'])
      .where('clinic_id', '=', b.c.id)
      .execute();
    expect(rows).toEqual([{ source: 'site', parts: ['morning', 'evening'], status: 'waiting' }]);
    // The code is spent: replaying it adds nothing.
    expect((await post(t(), `/c/${b.c.slug}/waitlist/verify`, { ...wish, code })).statusCode).toBe(400);
  });

  it('limits: a second code too soon is 429 with Retry-After; a honeypot sends nothing; bad input 400; unknown clinic 404', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const me = phone();
    const wish = {
      serviceId: b.serviceId,
      fromDate: b.date,
      toDate: b.date,
      fullName: 'Site Sam',
      phone: me,
    };
    expect((await post(t(), `/c/${b.c.slug}/waitlist`, wish, '10.9.9.1')).statusCode).toBe(200);
    const again = await post(t(), `/c/${b.c.slug}/waitlist`, wish, '10.9.9.1');
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expect(again.body).toContain('Too many tries');
    const bot = phone();
    expect(
      (await post(t(), `/c/${b.c.slug}/waitlist`, { ...wish, phone: bot, website: 'http://spam' }))
        .statusCode,
    ).toBe(200);
    expect(await smsTo(t(), bot)).toEqual([]);
    expect((await post(t(), `/c/${b.c.slug}/waitlist`, { ...wish, serviceId: '' })).statusCode).toBe(400);
    expect((await post(t(), `/c/${b.c.slug}/waitlist`, { ...wish, fromDate: 'soon' })).statusCode).toBe(400);
    expect((await post(t(), `/c/${b.c.slug}/waitlist`, { ...wish, toDate: '2001-01-01' })).statusCode).toBe(
      400,
    );
    expect((await t().app.inject({ method: 'GET', url: '/c/no-such-clinic/waitlist' })).statusCode).toBe(404);
  });
});
