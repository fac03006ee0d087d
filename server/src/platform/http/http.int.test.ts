import { expect, it } from 'vitest';
import { createTestClinic, describeEachDb, login, randomIp, startTestApp } from '../../test/harness.ts';

const PROBLEM = /^application\/problem\+json/;

describeEachDb('HTTP hardening', (t) => {
  const post = (
    url: string,
    body: string,
    contentType = 'application/json',
    headers: Record<string, string> = {},
  ) =>
    t().app.inject({
      method: 'POST',
      url,
      body,
      headers: { 'content-type': contentType, ...headers },
      remoteAddress: randomIp(),
    });

  it('malformed JSON answers 400 malformed_json as problem+json', async () => {
    for (const body of ['{', '{"email": }', "{'email': 'a'}", '{"a":1}}', '\u0000', '']) {
      const res = await post('/api/v1/auth/login', body);
      expect([JSON.stringify(body), res.statusCode]).toEqual([JSON.stringify(body), 400]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({ status: 400, code: 'malformed_json', type: expect.any(String) });
    }
  });

  it('prototype-polluting and deeply nested JSON is refused with 400, not 500', async () => {
    const proto = await post(
      '/api/v1/auth/login',
      '{"__proto__": {"admin": true}, "email": "a@b.c", "password": "x"}',
    );
    expect(proto.statusCode).toBe(400);
    const ctor = await post('/api/v1/auth/login', '{"constructor": {"prototype": {"x": 1}}}');
    expect(ctor.statusCode).toBe(400);
    const deep = await post('/api/v1/auth/login', `{"email": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    expect(deep.statusCode).toBe(400);
    expect({} as Record<string, unknown>).not.toHaveProperty('admin');
  });

  it('JSON that is not an object, or has wrong types, names the field in errors[].field', async () => {
    const cases: Array<[string, RegExp]> = [
      ['[]', /^(body|email|password)$/],
      ['"text"', /^(body|email|password)$/],
      ['null', /^(body|email|password)$/],
      ['{"email": "a@b.test"}', /^password$/],
      ['{"email": ["a"], "password": "x"}', /^email$/],
      ['{"phone": 15555550100}', /^phone$/],
    ];
    for (const [body, field] of cases) {
      const url = body.includes('phone') ? '/api/v1/auth/otp/request' : '/api/v1/auth/login';
      const res = await post(url, body);
      expect([body, res.statusCode]).toEqual([body, 400]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      const problem = res.json();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors?.length).toBeGreaterThan(0);
      expect(problem.errors[0].field).toMatch(field);
    }
  });

  it('a body over the limit answers 413 body_too_large', async () => {
    const small = await startTestApp(t().kind, { bodyLimit: 1024 });
    try {
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(4096) }),
        remoteAddress: randomIp(),
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json().code).toBe('body_too_large');
      // A lying Content-Length is no way around it.
      const lying = await small.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': '10' },
        body: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(4096) }),
        remoteAddress: randomIp(),
      });
      expect(lying.statusCode).toBeGreaterThanOrEqual(400);
      expect(lying.statusCode).toBeLessThan(500);
    } finally {
      await small.close();
    }
  });

  it('an unsupported content type answers 415 as problem+json', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await post('/api/v1/auth/login', 'email=a&password=b', type);
      expect([type, res.statusCode]).toEqual([type, 415]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json().code).toBe('unsupported_media_type');
    }
  });

  it('an unknown route answers 404 problem+json, also under /api and for a wrong method', async () => {
    for (const [method, url, status] of [
      ['GET', '/nope', 404],
      ['GET', '/api/v1/nope', 404],
      ['DELETE', '/api/v1/me', 404],
      ['GET', `/api/v1/${'x'.repeat(5000)}`, 404],
      // URLs the router cannot match at all are still problem+json.
      ['GET', '/api/v1/clinics/%ZZ/staff', 400],
      ['GET', `/api/v1/clinics/${'0'.repeat(300)}/staff`, 414],
    ] as const) {
      const res = await t().app.inject({ method, url, headers: { 'x-request-id': 'route-probe' } });
      expect([method, url.slice(0, 40), res.statusCode]).toEqual([method, url.slice(0, 40), status]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({ status, code: expect.any(String) });
      expect(res.headers['x-request-id']).toBe('route-probe');
    }
  });

  it('answers carry x-request-id: a valid incoming one is echoed, an unsafe one replaced', async () => {
    const plain = await t().app.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['x-request-id']).toMatch(/^[\w.-]{8,64}$/);
    const echoed = await t().app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123.X_y' },
    });
    expect(echoed.headers['x-request-id']).toBe('abc-123.X_y');
    for (const bad of ['a b', 'x'.repeat(65), '<script>', 'a\tb']) {
      const res = await t().app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[\w.-]{8,64}$/);
    }
    const problem = await t().app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { 'x-request-id': 'req-42' },
    });
    expect(problem.statusCode).toBe(401);
    expect(problem.headers['x-request-id']).toBe('req-42');
    expect(problem.json().requestId).toBe('req-42');
  });

  it('sends security headers on API answers, errors and the docs page', async () => {
    for (const url of ['/healthz', '/api/v1/me', '/nope', '/docs/']) {
      const res = await t().app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp.includes("frame-ancestors 'none'") || res.headers['x-frame-options'] !== undefined).toBe(
        true,
      );
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('/healthz, /readyz, /metrics, /openapi.json and /docs answer', async () => {
    const health = await t().app.inject({ method: 'GET', url: '/healthz' });
    expect([health.statusCode, health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await t().app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);

    await t().app.inject({ method: 'GET', url: '/api/v1/me' });
    const metrics = await t().app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(metrics.body).toMatch(
      /http_requests_total\{[^}]*route="\/api\/v1\/me"[^}]*status="401"[^}]*\} \d+/,
    );

    const spec = await t().app.inject({ method: 'GET', url: '/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json() as {
      openapi: string;
      info: unknown;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toBeTruthy();
    for (const [path, method] of [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/otp/request', 'post'],
      ['/api/v1/auth/otp/verify', 'post'],
      ['/api/v1/auth/logout', 'post'],
      ['/api/v1/me', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy();
    }
    // Operational endpoints stay out of the public API reference.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);

    let docs = await t().app.inject({ method: 'GET', url: '/docs' });
    if (docs.statusCode >= 300 && docs.statusCode < 400) {
      docs = await t().app.inject({ method: 'GET', url: String(docs.headers.location) });
    }
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
  });

  it('/readyz answers 503 when the database is gone, not 500', async () => {
    const app = await startTestApp(t().kind);
    try {
      await app.db.close();
      const res = await app.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
    } finally {
      await app.app.close();
    }
  });

  it('no request in this file, good or bad, was answered with a 5xx', async () => {
    // Exercise an authenticated path with hostile input too.
    const c = await createTestClinic(t());
    const s = await login(t(), c.owner);
    for (const url of [
      `/api/v1/clinics/${c.id}/..%2f..%2fme`,
      '/api/v1/me?x=%ZZ&y[]=1&y[]=2',
      '/api/v1/me/../me',
      `/api/v1/clinics/${'0'.repeat(300)}/staff`,
      '/api/v1/%E0%A4%A',
    ]) {
      const res = await t().app.inject({ method: 'GET', url, headers: s.auth });
      expect([url.slice(0, 60), res.statusCode < 500]).toEqual([url.slice(0, 60), true]);
    }
    const metrics = (await t().app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics.match(/^http_requests_total\{.*status="5\d\d".*$/gm) ?? []).toEqual([]);
  });
});

describeEachDb('http: characters the database cannot store', (t) => {
  it('a NUL character in a body or query answers 400, never 500', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.secretary);
    const cases = [
      {
        method: 'POST' as const,
        url: '/api/v1/auth/login',
        payload: { email: 'a\u0000b@x.test', password: 'x' },
      },
      { method: 'GET' as const, url: `/api/v1/clinics/${c.id}/patients?q=a%00b`, headers: s.auth },
      {
        method: 'POST' as const,
        url: `/api/v1/clinics/${c.id}/patients`,
        headers: s.auth,
        payload: { fullName: 'x\u0000y', phone: '+15555550177' },
      },
    ];
    for (const req of cases) {
      const res = await t().app.inject({ ...req, remoteAddress: randomIp() });
      expect(res.statusCode, req.url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, req.url).toBeLessThan(500);
    }
  });

  it('a clinic id in capitals reaches the same clinic and keeps its audit chain verifiable', async () => {
    const c = await createTestClinic(t());
    const sec = await login(t(), c.secretary);
    const res = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${c.id.toUpperCase()}/patients`,
      headers: sec.auth,
    });
    expect(res.statusCode).toBe(200);
    const owner = await login(t(), c.owner);
    const verify = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${c.id}/audit/verify`,
      headers: owner.auth,
    });
    expect(verify.json()).toMatchObject({ ok: true });
  });
});
