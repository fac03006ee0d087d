import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login } from '../../test/harness.ts';
import { siteBody } from './test-fixture.ts';

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describeEachDb('website editor: the owner’s settings, logo and preview', (t) => {
  it('only the owner reads and edits; another clinic’s id is a 404; every change is audited', async () => {
    const c = await createTestClinic(t());
    const other = await createTestClinic(t());
    const [owner, doctor, secretary, patient, otherOwner] = await Promise.all([
      login(t(), c.owner),
      login(t(), c.doctor),
      login(t(), c.secretary),
      login(t(), c.patient),
      login(t(), other.owner),
    ]);
    const url = `/clinics/${c.id}/site`;
    const empty = await call(t(), owner, 'GET', url);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ taglineEn: '', updatedAt: null, slug: c.slug, logoUrl: null });
    for (const who of [doctor, secretary, patient]) {
      expect((await call(t(), who, 'GET', url)).statusCode).toBe(403);
      expect((await call(t(), who, 'PUT', url, siteBody())).statusCode).toBe(403);
    }
    expect((await call(t(), otherOwner, 'GET', url)).statusCode).toBe(404);
    expect((await call(t(), otherOwner, 'PUT', url, siteBody())).statusCode).toBe(404);
    expect((await call(t(), null, 'GET', url)).statusCode).toBe(401);

    const put = await call(t(), owner, 'PUT', url, siteBody());
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      taglineEn: 'Care close to home',
      brandColor: '#aa3300',
      siteVersion: 1,
    });
    const again = await call(t(), owner, 'PUT', url, { ...siteBody(), taglineEn: 'Second' });
    expect(again.json().siteVersion).toBe(2);
    const audit = await t()
      .db.owner.selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('clinic_id', '=', c.id)
      .where('action', 'like', 'site.%')
      .execute();
    expect(audit).toEqual([
      { action: 'site.updated', actor_user_id: c.owner.id },
      { action: 'site.updated', actor_user_id: c.owner.id },
    ]);
  });

  it('refuses a bad colour, host, link, phone or half a position with 400 and a code', async () => {
    const c = await createTestClinic(t());
    const owner = await login(t(), c.owner);
    const url = `/clinics/${c.id}/site`;
    for (const bad of [
      { brandColor: 'red' },
      { brandColor: '#12345' },
      { customHost: 'not a host' },
      { customHost: 'http://x.example' },
      { customHost: 'localhost' },
      { mapUrl: 'javascript:alert(1)' },
      { mapUrl: 'http://maps.example/x' },
      { phone: '<script>' },
      { latitude: 91 },
      { latitude: null },
      { defaultLang: 'fr' },
      { taglineEn: 'x'.repeat(201) },
    ]) {
      const res = await call(t(), owner, 'PUT', url, { ...siteBody(), ...bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().code).toBeTruthy();
    }
    expect((await call(t(), owner, 'PUT', url, { ...siteBody(), extra: 1 })).statusCode).toBe(400);
  });

  it('a host name is one clinic’s: the second claim is 409 host_taken', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const host = `www.${Math.random().toString(36).slice(2, 10)}.example`;
    const ownerA = await login(t(), a.owner);
    const ownerB = await login(t(), b.owner);
    const first = await call(t(), ownerA, 'PUT', `/clinics/${a.id}/site`, {
      ...siteBody(),
      customHost: host,
    });
    expect(first.json().customHost).toBe(host);
    const second = await call(t(), ownerB, 'PUT', `/clinics/${b.id}/site`, {
      ...siteBody(),
      customHost: host,
    });
    expect([second.statusCode, second.json().code]).toEqual([409, 'host_taken']);
    // Releasing it frees it for the other clinic.
    await call(t(), ownerA, 'PUT', `/clinics/${a.id}/site`, { ...siteBody(), customHost: null });
    const third = await call(t(), ownerB, 'PUT', `/clinics/${b.id}/site`, {
      ...siteBody(),
      customHost: host,
    });
    expect(third.statusCode).toBe(200);
  });

  it('takes a logo by its bytes only: a PNG yes; text, an SVG or a renamed file no; too large no', async () => {
    const c = await createTestClinic(t());
    const owner = await login(t(), c.owner);
    const url = `/clinics/${c.id}/site/logo`;
    const ok = await call(t(), owner, 'PUT', url, { image: PNG_1PX });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().logoUrl).toMatch(/\/logo\?v=1$/);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const image of [Buffer.from('GIF89 not really').toString('base64'), svg.toString('base64')]) {
      const res = await call(t(), owner, 'PUT', url, { image });
      expect([res.statusCode, res.json().code]).toEqual([400, 'logo_type']);
    }
    const huge = Buffer.concat([Buffer.from(PNG_1PX, 'base64'), Buffer.alloc(270 * 1024)]);
    const big = await call(t(), owner, 'PUT', url, { image: huge.toString('base64') });
    expect(big.statusCode).toBe(400);
    expect((await call(t(), owner, 'PUT', url, { image: 'not base64 !!' })).statusCode).toBe(400);
    const secretary = await login(t(), c.secretary);
    expect((await call(t(), secretary, 'PUT', url, { image: PNG_1PX })).statusCode).toBe(403);
    const removed = await call(t(), owner, 'DELETE', url);
    expect(removed.json().logoUrl).toBeNull();
    expect((await t().app.inject({ method: 'GET', url: `/c/${c.slug}/logo?v=2` })).statusCode).toBe(404);
  });

  it('previews unsaved settings as the real page, and a save shows on the public page at once', async () => {
    const c = await createTestClinic(t());
    const owner = await login(t(), c.owner);
    await call(t(), owner, 'PUT', `/clinics/${c.id}/site`, siteBody());
    expect((await t().app.inject({ method: 'GET', url: `/c/${c.slug}` })).body).toContain(
      'Care close to home',
    );
    const draft = { ...siteBody(), taglineEn: 'Draft <b>tagline</b>', brandColor: '#123456' };
    const preview = await call(t(), owner, 'POST', `/clinics/${c.id}/site/preview`, {
      site: draft,
      lang: 'en',
    });
    expect(preview.statusCode).toBe(200);
    const html = preview.json().html as string;
    expect(html).toContain('Draft &lt;b&gt;tagline&lt;/b&gt;');
    expect(html).toContain('/c-assets/brand/123456.css');
    // Nothing saved: the public page still has the old text (from its cache or not).
    expect((await t().app.inject({ method: 'GET', url: `/c/${c.slug}` })).body).toContain(
      'Care close to home',
    );
    await call(t(), owner, 'PUT', `/clinics/${c.id}/site`, { ...siteBody(), taglineEn: 'Saved tagline' });
    expect((await t().app.inject({ method: 'GET', url: `/c/${c.slug}` })).body).toContain('Saved tagline');
    const doctor = await login(t(), c.doctor);
    expect(
      (await call(t(), doctor, 'POST', `/clinics/${c.id}/site/preview`, { site: draft, lang: 'en' }))
        .statusCode,
    ).toBe(403);
  });
});
