import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createTestClinic,
  describeEachDb,
  randomIp,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
} from '../../test/harness.ts';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS } from './login.ts';

function attempt(t: TestApp, email: string, password: string, ip = randomIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
}

const unknownEmail = () => `nobody-${randomBytes(6).toString('hex')}@nowhere.test`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

describeEachDb('auth: staff sign-in', (t) => {
  it('signs in: HttpOnly SameSite session cookie, token and CSRF token; the token works as Bearer', async () => {
    const c = await createTestClinic(t());
    const res = await attempt(t(), c.owner.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      token: expect.any(String),
      csrfToken: expect.any(String),
      user: { id: c.owner.id },
    });
    const session = res.cookies.find((k) => k.name === 'cliniclick_session');
    expect(session).toMatchObject({ value: body.token, httpOnly: true, path: '/' });
    expect(String(session?.sameSite).toLowerCase()).toBe('strict');
    const csrf = res.cookies.find((k) => k.name === 'cliniclick_csrf');
    expect(csrf?.value).toBe(body.csrfToken);
    expect(csrf?.httpOnly).toBeFalsy(); // the page reads it to send X-CSRF-Token
    const me = await t().app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.json().user.id).toBe(c.owner.id);
    // The password and its hash appear nowhere in the answer.
    expect(res.body).not.toContain(TEST_PASSWORD);
    expect(res.body).not.toMatch(/argon2/);
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const c = await createTestClinic(t());
    const res = await attempt(t(), `  ${c.doctor.email.toUpperCase()} `, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(c.doctor.id);
  });

  it('a wrong password and an unknown email answer alike: 401 invalid_credentials', async () => {
    const c = await createTestClinic(t());
    const wrong = await attempt(t(), c.owner.email, 'not the password');
    const unknown = await attempt(t(), unknownEmail(), 'not the password');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('invalid_credentials');
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.cookies).toEqual([]);
  });

  it('a disabled account cannot sign in, and its live sessions stop working', async () => {
    const c = await createTestClinic(t());
    const ok = await attempt(t(), c.secretary.email, TEST_PASSWORD);
    await t()
      .db.owner.updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', c.secretary.id)
      .execute();
    const again = await attempt(t(), c.secretary.email, TEST_PASSWORD);
    expect([again.statusCode, again.json().code]).toEqual([401, 'invalid_credentials']);
    const me = await t().app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${ok.json().token}` },
    });
    expect(me.statusCode).toBe(401);
  });

  it(`locks an email after ${LOCKOUT_FAILURES} wrong passwords (even the right one is refused) until the window ends`, async () => {
    const c = await createTestClinic(t());
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      expect((await attempt(t(), c.owner.email, `wrong-${i}`)).statusCode).toBe(401);
    }
    const locked = await attempt(t(), c.owner.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('account_locked');
    const retry = Number(locked.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(LOCKOUT_WINDOW_SECONDS);
    // Other accounts are not affected.
    expect((await attempt(t(), c.doctor.email, TEST_PASSWORD)).statusCode).toBe(200);
    t().clock.advance((retry - 5) * 1000);
    expect((await attempt(t(), c.owner.email, TEST_PASSWORD)).statusCode).toBe(429);
    t().clock.advance(6_000);
    expect((await attempt(t(), c.owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('locks an unknown email the same way, so lockout does not reveal which emails exist', async () => {
    const email = unknownEmail();
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      expect((await attempt(t(), email, `wrong-${i}`)).json().code).toBe('invalid_credentials');
    }
    const locked = await attempt(t(), email, 'anything');
    expect([locked.statusCode, locked.json().code]).toEqual([429, 'account_locked']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it(`parallel wrong passwords cannot test more than ${LOCKOUT_FAILURES} guesses`, async () => {
    const c = await createTestClinic(t());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(t(), c.doctor.email, `guess-${i}`)),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.every((s) => s === 401 || s === 429)).toBe(true);
    // Every 401 is a password that was actually checked.
    expect(codes.filter((s) => s === 401).length).toBeLessThanOrEqual(LOCKOUT_FAILURES);
  });

  it('throttles sign-in attempts per IP address', async () => {
    const ip = randomIp();
    const results = await Promise.all(
      Array.from({ length: 60 }, () => attempt(t(), unknownEmail(), 'wrong password', ip)),
    );
    const throttled = results.filter((r) => r.statusCode === 429);
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(50);
    expect(throttled).toHaveLength(10);
    for (const r of throttled) {
      expect(r.json().code).toBe('too_many_requests');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another address is not affected.
    const c = await createTestClinic(t());
    expect((await attempt(t(), c.owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('answers as fast for an unknown email as for a known one (no timing oracle)', async () => {
    const clinics = await Promise.all([1, 2, 3].map(() => createTestClinic(t())));
    const known = clinics.flatMap((c) => [c.owner, c.doctor, c.secretary, c.patient]).slice(0, 10);
    await attempt(t(), unknownEmail(), 'warm-up');
    await attempt(t(), known[0]!.email, 'warm-up');
    const timeOf = async (email: string) => {
      const start = process.hrtime.bigint();
      const res = await attempt(t(), email, 'definitely wrong');
      expect(res.statusCode).toBe(401);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const round = async () => {
      const knownMs: number[] = [];
      const unknownMs: number[] = [];
      for (const user of known) {
        knownMs.push(await timeOf(user.email));
        unknownMs.push(await timeOf(unknownEmail()));
      }
      return { ratio: median(unknownMs) / median(knownMs), knownMs, unknownMs };
    };
    // A real oracle (a skipped hash on one path) shows in every round; a busy shared machine can
    // stall one round, so a second round decides before the test fails.
    let r = await round();
    if (r.ratio <= 0.5 || r.ratio >= 2) r = await round();
    const said = `known ${median(r.knownMs)}ms, unknown ${median(r.unknownMs)}ms`;
    expect(r.ratio, said).toBeGreaterThan(0.5);
    expect(r.ratio, said).toBeLessThan(2);
  });

  it('rejects bodies that are not an email and password with 400 naming the field, never 500', async () => {
    const bad = [
      {},
      { email: 'a@b.test' },
      { email: 'a@b.test', password: '' },
      { email: 42, password: 'x' },
    ];
    for (const payload of bad) {
      const res = await t().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload,
        remoteAddress: randomIp(),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors?.[0]?.field).toMatch(/^(email|password)$/);
    }
    const huge = await attempt(t(), unknownEmail(), 'x'.repeat(5000));
    expect(huge.statusCode).toBe(400);
  });
});

describe('login behind a proxy', () => {
  it('with one trusted proxy, rotating X-Forwarded-For does not dodge the per-IP throttle', async () => {
    const t = await startTestApp('pglite', { trustProxy: 1 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 55; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
          payload: { email: `nobody-${i}@proxy.test`, password: 'wrong-password' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.filter((s) => s === 429).length).toBe(5);
    } finally {
      await t.close();
    }
  });
});
