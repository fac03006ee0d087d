import { expect, it } from 'vitest';
import { adminSession, call } from '../../test/api.ts';
import { createTestClinic, describeEachDb } from '../../test/harness.ts';

describeEachDb('public site frame', (t) => {
  it('serves a clinic’s page by its slug in its language or the one asked, and a plain 404 for no clinic', async () => {
    const c = await createTestClinic(t());
    const en = await t().app.inject({ method: 'GET', url: `/c/${c.slug}` });
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-type']).toContain('text/html');
    expect(en.body).toContain('<html lang="en" dir="ltr">');
    expect(en.body).toContain(`<title>Clinic ${c.slug}</title>`);
    const ar = await t().app.inject({ method: 'GET', url: `/c/${c.slug.toUpperCase()}?lang=ar` });
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    const none = await t().app.inject({ method: 'GET', url: '/c/no-such-clinic-here' });
    expect(none.statusCode).toBe(404);
    expect(none.body).not.toContain(c.slug);
    const css = await t().app.inject({ method: 'GET', url: '/c-assets/site.css' });
    expect([css.statusCode, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('says a suspended clinic is not taking bookings', async () => {
    const c = await createTestClinic(t());
    const admin = await adminSession(t());
    const res = await call(t(), admin, 'POST', `/admin/clinics/${c.id}/suspend`, {
      reason: 'Unpaid invoice',
    });
    expect(res.statusCode).toBeLessThan(300);
    const page = await t().app.inject({ method: 'GET', url: `/c/${c.slug}` });
    expect(page.body).toContain('not taking bookings');
    expect(page.body).not.toContain('Unpaid invoice');
  });
});
