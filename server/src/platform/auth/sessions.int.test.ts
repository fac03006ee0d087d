import { expect, it } from 'vitest';
import { createTestClinic, describeEachDb, login, randomIp, type TestApp } from '../../test/harness.ts';
import { ABSOLUTE_TTL_MS, IDLE_TTL_MS } from './sessions.ts';

const HOUR = 60 * 60 * 1000;

function me(t: TestApp, headers: Record<string, string>) {
  return t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
}

function post(t: TestApp, url: string, headers: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers });
}

async function signedIn(t: TestApp) {
  const c = await createTestClinic(t);
  return { clinic: c, s: await login(t, c.owner) };
}

describeEachDb('auth: sessions, cookies and CSRF', (t) => {
  it('cookie-authenticated unsafe requests need the session’s X-CSRF-Token; safe ones do not', async () => {
    const { s } = await signedIn(t());
    const other = (await signedIn(t())).s;
    expect((await me(t(), { cookie: s.cookie })).statusCode).toBe(200);

    const missing = await post(t(), '/auth/refresh', { cookie: s.cookie });
    expect([missing.statusCode, missing.json().code]).toEqual([403, 'csrf_failed']);
    for (const bad of ['', 'x', other.csrfToken, `${s.csrfToken}x`, s.csrfToken.toUpperCase()]) {
      const res = await post(t(), '/auth/refresh', { cookie: s.cookie, 'x-csrf-token': bad });
      expect([bad, res.statusCode, res.json().code]).toEqual([bad, 403, 'csrf_failed']);
    }
    const ok = await post(t(), '/auth/refresh', { cookie: s.cookie, 'x-csrf-token': s.csrfToken });
    expect(ok.statusCode).toBe(200);
  });

  it('Bearer requests need no CSRF token', async () => {
    const { s } = await signedIn(t());
    const res = await post(t(), '/auth/refresh', s.auth);
    expect(res.statusCode).toBe(200);
  });

  it('logout revokes the session: the token and the cookie stop working', async () => {
    const { s } = await signedIn(t());
    const out = await post(t(), '/auth/logout', { cookie: s.cookie, 'x-csrf-token': s.csrfToken });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'cliniclick_session')?.value).toBe('');
    for (const headers of [s.auth, { cookie: s.cookie }]) {
      const res = await me(t(), headers);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('session_revoked');
    }
  });

  it(`a session unused for ${IDLE_TTL_MS / HOUR}h expires: 401 session_expired`, async () => {
    const { s } = await signedIn(t());
    t().clock.advance(IDLE_TTL_MS - 60_000);
    expect((await me(t(), s.auth)).statusCode).toBe(200); // use slides the idle expiry
    t().clock.advance(IDLE_TTL_MS - 60_000);
    expect((await me(t(), s.auth)).statusCode).toBe(200);
    t().clock.advance(IDLE_TTL_MS + 1);
    const res = await me(t(), s.auth);
    expect([res.statusCode, res.json().code]).toEqual([401, 'session_expired']);
  });

  it('a session in constant use still ends at its absolute lifetime', async () => {
    const { s } = await signedIn(t());
    let elapsed = 0;
    while (elapsed + 20 * HOUR < ABSOLUTE_TTL_MS) {
      t().clock.advance(20 * HOUR);
      elapsed += 20 * HOUR;
      expect((await me(t(), s.auth)).statusCode).toBe(200);
    }
    t().clock.advance(ABSOLUTE_TTL_MS - elapsed);
    const res = await me(t(), s.auth);
    expect([res.statusCode, res.json().code]).toEqual([401, 'session_expired']);
    // Refreshing cannot stretch it either.
    expect((await post(t(), '/auth/refresh', s.auth)).statusCode).toBe(401);
  });

  it('refresh rotates the token and never extends the absolute lifetime', async () => {
    const { s } = await signedIn(t());
    const first = await me(t(), s.auth);
    expect(first.statusCode).toBe(200);
    const res = await post(t(), '/auth/refresh', s.auth);
    expect(res.statusCode).toBe(200);
    const next = res.json() as { token: string; csrfToken: string; expiresAt: string };
    expect(next.token).not.toBe(s.token);
    expect(next.csrfToken).not.toBe(s.csrfToken);
    expect((await me(t(), { authorization: `Bearer ${next.token}` })).statusCode).toBe(200);
    t().clock.advance(IDLE_TTL_MS - HOUR);
    const again = await post(t(), '/auth/refresh', { authorization: `Bearer ${next.token}` });
    expect(again.json().expiresAt).toBe(next.expiresAt);
  });

  it('a rotated-away token presented again is theft: it and every successor are revoked', async () => {
    const { s } = await signedIn(t());
    const t1 = (await post(t(), '/auth/refresh', s.auth)).json().token as string;
    const t2 = (await post(t(), '/auth/refresh', { authorization: `Bearer ${t1}` })).json().token as string;
    expect((await me(t(), { authorization: `Bearer ${t2}` })).statusCode).toBe(200);

    const replay = await me(t(), s.auth);
    expect([replay.statusCode, replay.json().code]).toEqual([401, 'session_revoked']);
    for (const tok of [t1, t2]) {
      const res = await me(t(), { authorization: `Bearer ${tok}` });
      expect([res.statusCode, res.json().code]).toEqual([401, 'session_revoked']);
    }
  });

  it('a stale session cookie does not stop a fresh sign-in or the public OTP routes', async () => {
    const { clinic, s } = await signedIn(t());
    await post(t(), '/auth/logout', s.auth);
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: s.cookie },
      payload: { email: clinic.owner.email, password: clinic.owner.password },
      remoteAddress: randomIp(),
    });
    expect(res.statusCode).toBe(200);
    const otp = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp/request',
      headers: { authorization: 'Bearer expired-or-garbage-token-value' },
      payload: { phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` },
      remoteAddress: randomIp(),
    });
    expect(otp.statusCode).toBe(202);
  });

  it('malformed Authorization headers answer 401', async () => {
    const { s } = await signedIn(t());
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer ',
      `Bearer ${s.token} extra`,
      `Token ${s.token}`,
      s.token,
      `Bearer${s.token}`,
    ]) {
      const res = await me(t(), { authorization });
      expect([authorization, res.statusCode]).toEqual([authorization, 401]);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('garbage, forged and oversized tokens answer 401, never 500', async () => {
    const { s } = await signedIn(t());
    const tokens = [
      'x'.repeat(19),
      'x'.repeat(20),
      'x'.repeat(201),
      'x'.repeat(20_000),
      `${s.token.slice(0, -1)}${s.token.endsWith('A') ? 'B' : 'A'}`,
      `${s.token}=`,
      "' or 1=1 --aaaaaaaaaaaaaaa",
      '%00%00%00%00%00%00%00%00%00%00',
      '\u00ff'.repeat(30),
    ];
    for (const tok of tokens) {
      const bearer = await me(t(), { authorization: `Bearer ${tok}` });
      expect([tok.slice(0, 30), bearer.statusCode]).toEqual([tok.slice(0, 30), 401]);
      const cookie = await me(t(), { cookie: `cliniclick_session=${encodeURIComponent(tok)}` });
      expect([tok.slice(0, 30), cookie.statusCode]).toEqual([tok.slice(0, 30), 401]);
    }
    for (const cookie of [
      'cliniclick_session=',
      'cliniclick_session',
      '=;;=;',
      'cliniclick_session=%E0%A4%A',
    ]) {
      const res = await me(t(), { cookie });
      expect([cookie, res.statusCode]).toEqual([cookie, 401]);
    }
  });

  it('refreshing in a loop is throttled (each refresh also clears the session cache of every instance)', async () => {
    const c = await createTestClinic(t());
    let auth = (await login(t(), c.patient)).auth;
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await post(t(), '/auth/refresh', auth);
      statuses.push(res.statusCode);
      if (res.statusCode === 200) auth = { authorization: `Bearer ${res.json().token}` };
    }
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    // The session itself still works.
    expect((await me(t(), auth)).statusCode).toBe(200);
  });
});
