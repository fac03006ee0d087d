import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, startTestApp } from '../../test/harness.ts';

/** Issue 10 item 8: a strict CSP everywhere but /docs, no-store on the API, /metrics not public. */
describeEachDb('headers and exposure', (t) => {
  it('API answers, good or bad, may not be stored by a browser or proxy', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    for (const res of [
      await call(t(), owner, 'GET', '/me'),
      await call(t(), owner, 'GET', `/clinics/${clinic.id}/patients`),
      await call(t(), null, 'GET', '/me'),
      await call(t(), owner, 'GET', '/no-such-route'),
      await call(t(), null, 'GET', '/public/calendar/nothing.ics'),
    ])
      expect([res.statusCode, res.headers['cache-control']]).toEqual([res.statusCode, 'no-store']);
  });

  it('allows inline script and style on /docs alone', async () => {
    const csp = async (url: string) =>
      String((await t().app.inject({ method: 'GET', url })).headers['content-security-policy']);
    for (const url of ['/healthz', '/api/v1/me', '/nope', '/openapi.json', '/docsx']) {
      const policy = await csp(url);
      expect(policy, url).toContain("script-src 'self';");
      expect(policy, url).toContain("style-src 'self';");
      expect(policy, url).not.toContain('unsafe-inline');
      expect(policy, url).toContain("frame-ancestors 'none'");
      expect(policy, url).toContain("object-src 'none'");
    }
    expect(await csp('/docs/')).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('/metrics: without a token, only to a direct loopback client (the embedded demo); never through a proxy or from afar', async () => {
    const get = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
      t().app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
    expect((await get()).statusCode).toBe(200);
    expect((await get({}, '::1')).statusCode).toBe(200);
    for (const [headers, from] of [
      [{}, '10.1.2.3'],
      [{}, '::ffff:192.168.1.9'],
      [{ 'x-forwarded-for': '203.0.113.7' }, '127.0.0.1'],
      [{ forwarded: 'for=203.0.113.7' }, '127.0.0.1'],
      [{ 'x-real-ip': '203.0.113.7' }, '127.0.0.1'],
    ] as const) {
      const res = await get(headers, from);
      expect([from, res.statusCode, res.json().code]).toEqual([from, 403, 'metrics_not_enabled']);
      expect(res.body).not.toContain('http_requests_total');
    }
  });

  it('/metrics with METRICS_TOKEN: the bearer token and nothing else, from anywhere', async () => {
    const token = 'scrape-me-please-0123456789';
    const app = await startTestApp(t().kind, { metricsToken: token });
    try {
      const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
        app.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
      const wrong: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${token}x` },
        { authorization: `Bearer ${token.slice(0, -1)}` },
        { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` },
        { authorization: token },
      ];
      for (const headers of wrong) {
        const res = await get(headers);
        expect([res.statusCode, res.json().code]).toEqual([401, 'metrics_token_required']);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      }
      const ok = await get({ authorization: `Bearer ${token}` }, '198.51.100.4');
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/^# TYPE http_requests_total counter$/m);
    } finally {
      await app.close();
    }
  });
});
