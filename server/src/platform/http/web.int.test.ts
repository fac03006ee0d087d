import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';

// Serving the web app is HTTP only (no tenant data), so one database kind is enough here.
const APP_JS = `export const greeting = ${JSON.stringify('hello '.repeat(2000))};\n`;
const CSS = `.a{color:red}\n`.repeat(500);
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
    // As the build writes them (web/vite.config.ts): a brotli and a gzip copy beside the file.
    writeFileSync(path.join(dist, 'assets', 'app-def456.js'), APP_JS);
    writeFileSync(path.join(dist, 'assets', 'app-def456.js.br'), brotliCompressSync(APP_JS));
    writeFileSync(path.join(dist, 'assets', 'app-def456.js.gz'), gzipSync(APP_JS));
    // A file whose brotli copy was not worth writing: gzip only.
    writeFileSync(path.join(dist, 'assets', 'style-aaa111.css'), CSS);
    writeFileSync(path.join(dist, 'assets', 'style-aaa111.css.gz'), gzipSync(CSS));
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

  const getAccepting = (url: string, acceptEncoding?: string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  it('sends the brotli copy to a browser that accepts it, gzip to one that takes only gzip, the file to others', async () => {
    const cases: [string | undefined, string | undefined, (b: Buffer) => Buffer][] = [
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync], // Chromium's header
      ['br', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
      ['br;q=0, gzip', 'gzip', gunzipSync],
      ['identity', undefined, (b) => b],
      [undefined, undefined, (b) => b],
    ];
    for (const [accept, encoding, decode] of cases) {
      const res = await getAccepting('/app/assets/app-def456.js', accept);
      const body = res.rawPayload;
      expect([accept, res.statusCode, res.headers['content-encoding']]).toEqual([accept, 200, encoding]);
      expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
      expect(decode(body).toString()).toBe(APP_JS);
      expect(Number(res.headers['content-length'])).toBe(body.length);
      if (encoding) expect(body.length).toBeLessThan(APP_JS.length / 10);
      // A cache between must not hand the brotli copy to a browser that asked for gzip only.
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    // Only a gzip copy: a browser preferring brotli gets gzip, not an error.
    const css = await getAccepting('/app/assets/style-aaa111.css', 'br, gzip');
    expect([css.statusCode, css.headers['content-encoding']]).toEqual([200, 'gzip']);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(gunzipSync(css.rawPayload).toString()).toBe(CSS);
    const plain = await getAccepting('/app/assets/style-aaa111.css', 'br');
    expect([plain.statusCode, plain.headers['content-encoding'], plain.body]).toEqual([200, undefined, CSS]);
  });

  it('has no source maps to give: a .map is a 404 problem, whatever the browser accepts', async () => {
    for (const url of ['/app/assets/app-def456.js.map', '/app/assets/index-abc123.js.map']) {
      for (const accept of ['br, gzip', undefined]) {
        const res = await getAccepting(url, accept);
        expect([url, res.statusCode, res.headers['content-type']]).toEqual([
          url,
          404,
          'application/problem+json; charset=utf-8',
        ]);
        expect(res.body).not.toContain('sourcesContent');
      }
    }
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
