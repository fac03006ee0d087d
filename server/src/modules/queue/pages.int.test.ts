import { expect, it } from 'vitest';
import { describeEachDb, TEST_SECRET } from '../../test/harness.ts';
import { deskCodeOf } from './codes.ts';
import { appointmentAt, entriesOf, queueClinic, randomPhone } from './test-fixture.ts';

describeEachDb('queue: the no-JavaScript self check-in page', (t) => {
  it('phone + today’s desk code → the live ticket page; wrong code says so; English and Arabic', async () => {
    const q = await queueClinic(t());
    const phone = randomPhone();
    await appointmentAt(t(), q, '09:00', { phone });
    const page = await t().app.inject({ method: 'GET', url: `/c/${q.c.slug}/check-in` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Check me in');
    const ar = await t().app.inject({ method: 'GET', url: `/c/${q.c.slug}/check-in?lang=ar` });
    expect(ar.body).toContain('dir="rtl"');
    expect(ar.body).toContain('سجّل حضوري');
    const post = (form: Record<string, string>, lang = '', origin = 'http://localhost:3000') =>
      t().app.inject({
        method: 'POST',
        url: `/c/${q.c.slug}/check-in${lang}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        payload: new URLSearchParams(form).toString(),
        remoteAddress: `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      });
    const code = deskCodeOf(TEST_SECRET, q.c.id, q.today);
    const wrong = await post(
      { phone, code: String((Number(code) + 1) % 10_000).padStart(4, '0') },
      '?lang=ar',
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('هذا ليس رمز اليوم');
    expect(await entriesOf(t(), q.c.id)).toEqual([]);
    // A form on another site is refused before anything is counted or done.
    expect((await post({ phone, code }, '', 'https://evil.example')).statusCode).toBe(403);
    expect(await entriesOf(t(), q.c.id)).toEqual([]);
    const ok = await post({ phone, code });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(ok.headers.location).toMatch(/^\/app\/ticket\/[\w-]{54}$/);
    const rows = await entriesOf(t(), q.c.id);
    expect(rows.map((r) => [r.ticket, r.source])).toEqual([[1, 'self']]);
    expect((await t().app.inject({ method: 'GET', url: '/c/no-such-clinic/check-in' })).statusCode).toBe(404);
  });
});
