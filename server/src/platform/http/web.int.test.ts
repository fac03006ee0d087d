import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';

// Serving the web app is HTTP only (no tenant data), so one database kind is enough here.
describe('web app at /app', () => {
  let t: TestApp;
  let bare: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'cliniclick-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><meta property="csp-nonce" nonce="CLINICLICK_CSP_NONCE"><div id="root"></div>',
    );
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await startTestApp('pglite', { webDistDir: dist });
    bare = await startTestApp('pglite', { webDistDir: path.join(dist, 'missing') });
  });
  afterAll(async () => {
    await t.close();
    await bare.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (app: TestApp, url: string) => app.app.inject({ method: 'GET', url });

  it('answers every path under /app with the app, so shared links and reloads work', async () => {
    for (const url of [
      '/app/',
      '/app/sign-in?next=%2Fadmin',
      '/app/clinics/demo/owner',
      '/app/clinics/x/y/z',
    ]) {
      const res = await get(t, url);
      expect([url, res.statusCode, res.headers['content-type']]).toEqual([
        url,
        200,
        'text/html; charset=utf-8',
      ]);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    expect((await get(t, '/app')).headers.location).toBe('/app/');
    expect((await get(t, '/')).headers.location).toBe('/app/');
  });

  it('sends the app with a strict CSP: no inline code, styles only with a fresh nonce written into the page', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await get(t, '/app/invite');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]{22,})'/.exec(csp)?.[1];
      expect(nonce, csp).toBeDefined();
      expect(res.body).toContain(`nonce="${nonce}"`);
      expect(res.body).not.toContain('CLINICLICK_CSP_NONCE');
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(3);
  });

  it('serves built assets for a year, and a missing asset is a 404, never the page', async () => {
    const js = await get(t, '/app/assets/index-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    const stale = await get(t, '/app/assets/index-old999.js');
    expect(stale.statusCode).toBe(404);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves a rebuild at once (files are looked up per request), and nothing outside the build', async () => {
    writeFileSync(path.join(dist, 'assets', 'index-new456.js'), 'console.log(2)');
    expect((await get(t, '/app/assets/index-new456.js')).body).toBe('console.log(2)');
    writeFileSync(path.join(dist, '..', 'secret.txt'), 'TOP-SECRET-CONTENT-42');
    for (const url of [
      '/app/../secret.txt',
      '/app/%2e%2e/secret.txt',
      '/app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/app/..%2fsecret.txt',
    ]) {
      const res = await get(t, url);
      expect([url, res.body.includes('TOP-SECRET-CONTENT-42')]).toEqual([url, false]);
    }
    rmSync(path.join(dist, '..', 'secret.txt'));
  });

  it('does not swallow the API: unknown API paths stay problem+json 404s', async () => {
    const res = await get(t, '/api/v1/nothing-here');
    expect([res.statusCode, res.json().code]).toEqual([404, 'route_not_found']);
  });

  it('without a build, says how to make one (503), instead of a blank page', async () => {
    const res = await get(bare, '/app/clinics/demo/owner');
    expect([res.statusCode, res.json().code]).toEqual([503, 'web_not_built']);
  });
});
