import { expect, it } from 'vitest';
import { createTestClinic, describeEachDb, lastSmsTo, otpFrom, randomIp } from '../../../test/harness.ts';
import { bookingClinic, hold, phoneNo } from '../test-fixture.ts';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachDb('booking pages (no JavaScript)', (t) => {
  it('service → doctor → day → times → details → code → booked, in plain HTML forms', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const base = `/c/${b.c.slug}/book`;
    const get = (url: string, headers: Record<string, string> = {}) =>
      t().app.inject({ method: 'GET', url, headers });
    const list = await get(base);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`${base}/s/${b.serviceId}`);
    expect(list.body).not.toContain('<script');
    expect((await get(`${base}/s/${b.serviceId}`)).body).toContain(`${base}/s/${b.serviceId}/d/any`);
    const days = await get(`${base}/s/${b.serviceId}/d/${b.c.doctor.id}`);
    expect(days.body).toContain(`/d/${b.c.doctor.id}/${b.date}`);
    const times = await get(`${base}/s/${b.serviceId}/d/${b.c.doctor.id}/${b.date}?lang=ar`);
    expect(times.statusCode).toBe(200);
    expect(times.body).toContain('dir="rtl"');
    expect(times.body).toContain(`value="${b.at('10:00')}"`);

    const ip = randomIp();
    const post = (url: string, fields: Record<string, string>, cookie = '', origin?: string) =>
      t().app.inject({
        method: 'POST',
        url,
        payload: form(fields),
        remoteAddress: ip,
        headers: { ...urlencoded, ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
      });
    const held = await post(`${base}/hold`, {
      serviceId: b.serviceId,
      doctorId: b.c.doctor.id,
      startsAt: b.at('10:00'),
      lang: 'en',
    });
    expect(held.statusCode, held.body).toBe(303);
    const where = String(held.headers.location);
    const c = held.cookies[0]!;
    expect(c.httpOnly).toBe(true);
    const cookie = `${c.name}=${c.value}`;
    // Without the cookie the hold page shows nothing of the hold.
    expect((await get(where)).statusCode).toBe(404);
    const page = await get(where, { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Held for you until');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const phone = phoneNo();
    const fields = { csrf, lang: 'en', name: 'Page Person', phone, email: '', website: '' };
    // A post from another site, or without the form token, is refused.
    expect((await post(`${where}/details`, fields, cookie, 'https://evil.example')).statusCode).toBe(403);
    const crossSite = await t().app.inject({
      method: 'POST',
      url: `${where}/details`,
      payload: form(fields),
      remoteAddress: ip,
      headers: { ...urlencoded, cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await post(`${where}/details`, { ...fields, csrf: 'x' }, cookie)).statusCode).toBe(403);
    const sent = await post(`${where}/details`, fields, cookie);
    expect(sent.statusCode, sent.body).toBe(303);
    expect(String(sent.headers.location)).toContain('/code');
    const code = otpFrom(await lastSmsTo(t(), phone));
    const done = await post(`${where}/verify`, { csrf, lang: 'en', code }, cookie);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Your visit is booked');
  });

  it('a time just taken sends the visitor back to the times with a message', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    expect((await hold(t(), b, '11:00')).statusCode).toBe(201);
    const lost = await t().app.inject({
      method: 'POST',
      url: `/c/${b.c.slug}/book/hold`,
      payload: form({ serviceId: b.serviceId, doctorId: b.c.doctor.id, startsAt: b.at('11:00'), lang: 'ar' }),
      headers: urlencoded,
      remoteAddress: randomIp(),
    });
    expect(lost.statusCode).toBe(303);
    const back = String(lost.headers.location);
    expect(back).toContain(`/${b.date}?lang=ar&taken=1`);
    const page = await t().app.inject({ method: 'GET', url: back });
    expect(page.body).toContain('حُجز هذا الوقت للتو');
  });
});
