import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { adminSession, call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, type TestApp } from '../../test/harness.ts';
import { siteBody } from './test-fixture.ts';

/** A clinic with a site profile, one service and its doctor's hours (Mon–Fri 09:00–17:00, Sat 10:00–13:00). */
async function clinicWithSite(t: TestApp, site: Record<string, unknown> = {}) {
  const c = await createTestClinic(t);
  const owner = await login(t, c.owner);
  const base = `/clinics/${c.id}`;
  const service = await call(t, owner, 'POST', `${base}/services`, {
    name: 'Consultation',
    nameAr: 'استشارة',
    durationMin: 30,
    priceMinor: 6050,
    mode: 'in_person',
  });
  expect(service.statusCode).toBe(201);
  const serviceId = service.json().id as string;
  await call(t, owner, 'PUT', `${base}/doctors/${c.doctor.id}/services/${serviceId}`, {});
  await call(t, owner, 'PATCH', `${base}/doctors/${c.doctor.id}`, {
    specialty: 'Dentistry',
    languages: ['en', 'ar'],
  });
  const rules = [1, 2, 3, 4, 5].map((weekday) => ({
    weekday,
    start: '09:00',
    end: '17:00',
    mode: 'in_person',
  }));
  rules.push({ weekday: 6, start: '10:00', end: '13:00', mode: 'in_person' });
  expect(
    (await call(t, owner, 'PUT', `${base}/doctors/${c.doctor.id}/work-hours`, { rules })).statusCode,
  ).toBe(200);
  const put = await call(t, owner, 'PUT', `${base}/site`, { ...siteBody(), ...site });
  expect(put.statusCode, put.body).toBe(200);
  return { c, owner, base, serviceId };
}

const ownerOfFor = (t: TestApp) => async (c: { id: string; owner: { email: string; password: string } }) => ({
  owner: await login(t, c.owner),
  base: `/clinics/${c.id}`,
});

const get = (t: TestApp, url: string, host?: string, encoding?: string) =>
  t.app.inject({
    method: 'GET',
    url,
    headers: { ...(host ? { host } : {}), ...(encoding ? { 'accept-encoding': encoding } : {}) },
  });

function jsonLdOf(body: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body);
  if (!m?.[1]) throw new Error('no JSON-LD');
  return JSON.parse(m[1]) as Record<string, unknown>;
}

describeEachDb('public site: the clinic’s home page', (t) => {
  it('shows name, tagline, address with a map link, phone, hours per weekday, doctors and services with prices', async () => {
    const { c, serviceId } = await clinicWithSite(t());
    const res = await get(t(), `/c/${c.slug}`);
    expect(res.statusCode).toBe(200);
    const b = res.body;
    expect(b).toContain(`<h1>Clinic ${c.slug}</h1>`);
    expect(b).toContain('Care close to home');
    expect(b).toContain('1 Harbour Road, Springfield');
    expect(b).toContain('https://www.openstreetmap.org/?mlat=40.5&amp;mlon=-73.25');
    expect(b).toContain('href="tel:+12125550100"');
    expect(b).toMatch(/Monday<\/th><td><bdi>9:00\sAM<\/bdi> – <bdi>5:00\sPM<\/bdi>/);
    expect(b).toMatch(/Saturday<\/th><td><bdi>10:00\sAM<\/bdi> – <bdi>1:00\sPM/);
    expect(b).toMatch(/<tr class="closed"><th scope="row">Sunday<\/th><td>Closed/);
    expect(b).toContain('Dentistry');
    expect(b).toContain('Speaks: English, Arabic');
    expect(b).toContain('$60.50');
    expect(b).toContain('30 min');
    expect(b).toContain(`href="/c/${c.slug}/book?service=${serviceId}"`);
    expect(b).toContain(`href="/c/${c.slug}/book?doctor=${c.doctor.id}"`);
    expect(b).toContain('<link rel="stylesheet" href="/c-assets/brand/aa3300.css">');
    const css = await get(t(), '/c-assets/brand/aa3300.css');
    expect(css.body).toBe(':root{--brand:#aa3300}\n');
    expect(css.headers['cache-control']).toContain('immutable');
    expect((await get(t(), '/c-assets/brand/zz.css')).statusCode).toBe(404);
  });

  it('has title, description, Open Graph, canonical and hreflang links, and valid MedicalClinic JSON-LD', async () => {
    const { c } = await clinicWithSite(t());
    const b = (await get(t(), `/c/${c.slug}`)).body;
    expect(b).toContain(`<title>Clinic ${c.slug} — Care close to home</title>`);
    expect(b).toContain('<meta name="description" content="Care close to home">');
    expect(b).toContain(`<meta property="og:title" content="Clinic ${c.slug}">`);
    expect(b).toContain('<meta property="og:locale" content="en_US">');
    expect(b).toMatch(new RegExp(`<link rel="canonical" href="http[^"]+/c/${c.slug}">`));
    expect(b).toMatch(
      new RegExp(`<link rel="alternate" hreflang="ar" href="http[^"]+/c/${c.slug}\\?lang=ar">`),
    );
    const ld = jsonLdOf(b);
    expect(ld['@context']).toBe('https://schema.org');
    expect(ld['@type']).toBe('MedicalClinic');
    expect(ld.telephone).toBe('+1 212 555 0100');
    expect(ld.address).toEqual({
      '@type': 'PostalAddress',
      streetAddress: '1 Harbour Road',
      addressLocality: 'Springfield',
    });
    expect(ld.medicalSpecialty).toEqual(['Dentistry']);
    const hours = ld.openingHoursSpecification as { dayOfWeek: string; opens: string; closes: string }[];
    expect(hours).toHaveLength(6);
    expect(hours[0]).toEqual({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: 'https://schema.org/Monday',
      opens: '09:00',
      closes: '17:00',
    });
  });

  it('reads in Arabic right to left with Latin digits, Arabic names, specialties and prices', async () => {
    const { c } = await clinicWithSite(t());
    const ownerOf = ownerOfFor(t());
    const { c: c0, owner, base } = { c, ...(await ownerOf(c)) };
    const put = await call(t(), owner, 'PUT', `${base}/site`, {
      ...siteBody(),
      doctors: [{ id: c0.doctor.id, specialtyAr: 'طب الأسنان' }],
    });
    expect(put.json().doctors).toEqual([
      { id: c0.doctor.id, name: expect.any(String), specialty: 'Dentistry', specialtyAr: 'طب الأسنان' },
    ]);
    const b = (await get(t(), `/c/${c.slug}?lang=ar`)).body;
    expect(b).toContain('<p>طب الأسنان</p>');
    expect((await get(t(), `/c/${c.slug}`)).body).toContain('<p>Dentistry</p>');
    const stranger = await call(t(), owner, 'PUT', `${base}/site`, {
      ...siteBody(),
      doctors: [{ id: c0.owner.id, specialtyAr: 'x' }],
    });
    expect([stranger.statusCode, stranger.json().code]).toEqual([400, 'unknown_doctor']);
    expect(b).toContain('<html lang="ar" dir="rtl">');
    expect(b).toContain('رعاية قريبة منك');
    expect(b).toContain('استشارة');
    expect(b).toContain('30 دقيقة');
    expect(b).toContain('الاثنين');
    expect(b).not.toMatch(/[٠-٩]/);
    expect(b).toContain('<meta property="og:locale" content="ar_AR">');
    // The clinic's default language decides when the visitor asks for none.
    await clinicWithSite(t(), { defaultLang: 'ar' }).then(async ({ c: c2 }) => {
      expect((await get(t(), `/c/${c2.slug}`)).body).toContain('<html lang="ar" dir="rtl">');
    });
  });

  it('shows a clinic name and texts with markup as text, and JSON-LD that cannot close its script', async () => {
    const { c } = await clinicWithSite(t(), {
      taglineEn: '<script>alert(1)</script> "quoted"',
      aboutEn: '</script><img src=x onerror=alert(1)>',
    });
    const b = (await get(t(), `/c/${c.slug}`)).body;
    expect(b).not.toContain('<script>alert(1)');
    expect(b).not.toContain('<img src=x');
    expect(b).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;');
    expect(jsonLdOf(b).description).toBe('<script>alert(1)</script> "quoted"');
  });

  it('hides booking links of a suspended clinic and says it is not taking bookings', async () => {
    const { c } = await clinicWithSite(t());
    const admin = await adminSession(t());
    expect(
      (await call(t(), admin, 'POST', `/admin/clinics/${c.id}/suspend`, { reason: 'x' })).statusCode,
    ).toBe(200);
    // The suspension is not a write to the clinic's own routes: the page cache may hold the page
    // for its short TTL, so ask for the other language (a key not rendered yet).
    const b = (await get(t(), `/c/${c.slug}?lang=ar`)).body;
    expect(b).toContain('class="notice"');
    expect(b).not.toContain('/book');
  });

  it('serves the logo at a versioned URL, cached for good at its version', async () => {
    const { c, owner, base } = await clinicWithSite(t());
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const set = await call(t(), owner, 'PUT', `${base}/site/logo`, { image: png.toString('base64') });
    expect(set.statusCode, set.body).toBe(200);
    const logoUrl = set.json().logoUrl as string;
    expect(logoUrl).toMatch(new RegExp(`^/c/${c.slug}/logo\\?v=\\d+$`));
    const page = (await get(t(), `/c/${c.slug}`)).body;
    expect(page).toContain(`src="${logoUrl}"`);
    const logo = await get(t(), logoUrl);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['cache-control']).toContain('immutable');
    expect(Buffer.from(logo.rawPayload).equals(png)).toBe(true);
    expect(jsonLdOf(page).logo).toMatch(/^http.*\/logo\?v=\d+$/);
  });

  it('answers / on the clinic’s own host, 404 on an unknown host, and the app’s own host as before', async () => {
    const host = `www.${Math.random().toString(36).slice(2, 10)}-clinic.example`;
    const { c } = await clinicWithSite(t(), { customHost: host.toUpperCase() });
    const home = await get(t(), '/', host);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(`<h1>Clinic ${c.slug}</h1>`);
    expect(home.body).toContain(`<link rel="canonical" href="https://${host}">`);
    const withPort = await get(t(), '/?lang=ar', `${host}:8443`);
    expect(withPort.body).toContain('<html lang="ar" dir="rtl">');
    const unknown = await get(t(), '/', 'unknown-host.example');
    expect([unknown.statusCode, unknown.body]).toEqual([404, 'Not found']);
    expect((await get(t(), '/', 'localhost')).statusCode).toBe(404); // no web build in tests: not found as before
  });

  it('public read API: the profile as JSON, unknown slug 404 problem', async () => {
    const { c, serviceId } = await clinicWithSite(t());
    const res = await call(t(), null, 'GET', `/public/clinics/${c.slug.toUpperCase()}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      slug: c.slug,
      name: `Clinic ${c.slug}`,
      lang: 'en',
      acceptingBookings: true,
      currency: 'USD',
      tagline: { en: 'Care close to home', ar: 'رعاية قريبة منك' },
      address: { line: '1 Harbour Road', city: 'Springfield' },
      phone: '+1 212 555 0100',
      brandColor: '#aa3300',
    });
    expect(body.hours[0]).toEqual({ weekday: 1, open: [{ from: '09:00', to: '17:00' }] });
    expect(body.hours[6]).toEqual({ weekday: 7, open: [] });
    expect(body.services).toEqual([
      expect.objectContaining({ id: serviceId, name: 'Consultation', nameAr: 'استشارة', priceMinor: 6050 }),
    ]);
    expect(body.doctors[0]).toMatchObject({
      id: c.doctor.id,
      specialty: 'Dentistry',
      languages: ['en', 'ar'],
    });
    const gz = await t().app.inject({
      method: 'GET',
      url: `/api/v1/public/clinics/${c.slug}`,
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect([gz.headers['content-encoding'], gz.headers['content-type']]).toEqual([
      'gzip',
      'application/json; charset=utf-8',
    ]);
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(body);
    const page = await get(t(), `/c/${c.slug}`, undefined, 'gzip');
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.rawPayload).toString('utf8')).toContain('<h1>');
    const none = await call(t(), null, 'GET', '/public/clinics/no-such-clinic-zz');
    expect(none.statusCode).toBe(404);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.json().code).toBe('not_found');
  });
});
