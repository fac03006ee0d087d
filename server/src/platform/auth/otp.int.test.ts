import { expect, it } from 'vitest';
import {
  createTestClinic,
  describeEachDb,
  lastSmsTo,
  otpFrom,
  randomIp,
  type TestApp,
} from '../../test/harness.ts';
import { OTP_MAX_ATTEMPTS, OTP_RESEND_COOLDOWN_SECONDS, OTP_TTL_SECONDS } from './otp.ts';

/** A fresh North American test number, as E.164 and as a person might type it. */
function newPhone(): { e164: string; typed: string } {
  const d = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  return { e164: `+1555${d}`, typed: `+1 555-${d.slice(0, 3)}-${d.slice(3)}` };
}

function requestCode(t: TestApp, phone: string, ip = randomIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/otp/request',
    payload: { phone },
    remoteAddress: ip,
  });
}

function verify(t: TestApp, phone: string, code: string, ip = randomIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/otp/verify',
    payload: { phone, code },
    remoteAddress: ip,
  });
}

async function codeFor(t: TestApp, phone: string): Promise<string> {
  const res = await requestCode(t, phone);
  expect(res.statusCode, res.body).toBe(202);
  return otpFrom(await lastSmsTo(t, phone));
}

/** A six-digit code that is not `code`. */
const wrong = (code: string, i = 0) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

async function sessionsOf(t: TestApp, userId: string): Promise<number> {
  const rows = await t.db.owner.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
  return rows.length;
}

describeEachDb('auth: patient sign-in by SMS code', (t) => {
  it('refuses a malformed phone with 400 invalid_phone naming the field', async () => {
    for (const phone of ['12345', '5555550100', '+1 abc def ghij', '+999 123', '+1 555 555 0100 0100 01']) {
      const res = await requestCode(t(), phone);
      expect([phone, res.statusCode, res.json().code]).toEqual([phone, 400, 'invalid_phone']);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'phone' })]);
    }
  });

  it('normalises the typed and E.164 forms to one number; the code arrives by SMS and signs in a new patient', async () => {
    const p = newPhone();
    const res = await requestCode(t(), p.typed);
    expect(res.statusCode).toBe(202);
    expect(res.json().phone).toBe(p.e164);
    const code = otpFrom(await lastSmsTo(t(), p.e164));
    const ok = await verify(t(), p.e164, code);
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body.user.phone).toBe(p.e164);
    expect(ok.cookies.find((c) => c.name === 'cliniclick_session')?.httpOnly).toBe(true);
    const me = await t().app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.json()).toMatchObject({ user: { id: body.user.id, phone: p.e164 }, memberships: [] });
    const identity = await t()
      .db.owner.selectFrom('identities')
      .select(['user_id', 'verified_at'])
      .where('kind', '=', 'phone')
      .where('value', '=', p.e164)
      .executeTakeFirstOrThrow();
    expect(identity.user_id).toBe(body.user.id);
    expect(identity.verified_at).not.toBeNull();
  });

  it('concurrent code requests for one phone send one SMS; the rest wait out the cooldown', async () => {
    const p = newPhone();
    const results = await Promise.all(Array.from({ length: 6 }, () => requestCode(t(), p.e164)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([202, 429, 429, 429, 429, 429]);
    const sent = await t()
      .db.owner.selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('recipient', '=', p.e164)
      .executeTakeFirstOrThrow();
    expect(Number(sent.n)).toBe(1);
  });

  it('a code signs in once: replaying it answers 400', async () => {
    const p = newPhone();
    const code = await codeFor(t(), p.e164);
    expect((await verify(t(), p.typed, code)).statusCode).toBe(200);
    const replay = await verify(t(), p.e164, code);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toMatch(/^otp_/);
  });

  it(`after ${OTP_MAX_ATTEMPTS} wrong codes even the right one is refused (429 otp_locked)`, async () => {
    const p = newPhone();
    const code = await codeFor(t(), p.e164);
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) {
      const res = await verify(t(), p.e164, wrong(code, i));
      expect([res.statusCode, res.json().code]).toEqual([400, 'otp_invalid']);
      expect(res.json().attemptsLeft).toBe(OTP_MAX_ATTEMPTS - 1 - i);
    }
    const locked = await verify(t(), p.e164, code);
    expect([locked.statusCode, locked.json().code]).toEqual([429, 'otp_locked']);
  });

  it(`a code lives ${OTP_TTL_SECONDS / 60} minutes`, async () => {
    const early = newPhone();
    const late = newPhone();
    const earlyCode = await codeFor(t(), early.e164);
    const lateCode = await codeFor(t(), late.e164);
    t().clock.advance((OTP_TTL_SECONDS - 1) * 1000);
    expect((await verify(t(), early.e164, earlyCode)).statusCode).toBe(200);
    t().clock.advance(2000);
    const expired = await verify(t(), late.e164, lateCode);
    expect([expired.statusCode, expired.json().code]).toEqual([400, 'otp_expired']);
  });

  it('a new code needs a cooldown (429 otp_cooldown, Retry-After) and replaces the old one', async () => {
    const p = newPhone();
    const first = await codeFor(t(), p.e164);
    const again = await requestCode(t(), p.typed);
    expect([again.statusCode, again.json().code]).toEqual([429, 'otp_cooldown']);
    const retry = Number(again.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(OTP_RESEND_COOLDOWN_SECONDS);
    t().clock.advance(retry * 1000);
    const second = await codeFor(t(), p.e164);
    if (second !== first) expect((await verify(t(), p.e164, first)).statusCode).toBe(400);
    expect((await verify(t(), p.e164, second)).statusCode).toBe(200);
  });

  it('limits codes per phone per hour', async () => {
    const p = newPhone();
    for (let i = 0; i < 5; i++) {
      expect((await requestCode(t(), p.e164)).statusCode).toBe(202);
      t().clock.advance((OTP_RESEND_COOLDOWN_SECONDS + 1) * 1000);
    }
    const limited = await requestCode(t(), p.e164);
    expect([limited.statusCode, limited.json().code]).toEqual([429, 'too_many_requests']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t().clock.advance(60 * 60 * 1000);
    expect((await requestCode(t(), p.e164)).statusCode).toBe(202);
  });

  it('limits codes per IP address', async () => {
    const ip = randomIp();
    const results = await Promise.all(
      Array.from({ length: 25 }, () => requestCode(t(), newPhone().e164, ip)),
    );
    expect(results.filter((r) => r.statusCode === 202)).toHaveLength(20);
    const limited = results.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(5);
    for (const r of limited) expect(r.json().code).toBe('too_many_requests');
    expect((await requestCode(t(), newPhone().e164)).statusCode).toBe(202);
  });

  it('concurrent verifies of the right code make exactly one session', async () => {
    const p = newPhone();
    const code = await codeFor(t(), p.e164);
    const results = await Promise.all(Array.from({ length: 10 }, () => verify(t(), p.e164, code)));
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    // The others are told the code was used, not that they guessed wrong.
    for (const r of results.filter((r) => r.statusCode !== 200)) expect(r.json().code).toBe('otp_expired');
    expect(await sessionsOf(t(), ok[0]!.json().user.id)).toBe(1);
  });

  it(`20 parallel wrong guesses get at most ${OTP_MAX_ATTEMPTS} evaluated, then the code is dead`, async () => {
    const p = newPhone();
    const code = await codeFor(t(), p.e164);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verify(t(), p.e164, wrong(code, i))),
    );
    const evaluated = results.filter((r) => r.json().code === 'otp_invalid');
    expect(evaluated.length).toBeLessThanOrEqual(OTP_MAX_ATTEMPTS);
    for (const r of results) expect(['otp_invalid', 'otp_locked']).toContain(r.json().code);
    expect((await verify(t(), p.e164, code)).statusCode).toBe(429);
  });

  it('garbage codes are counted and refused, never 500; a code is bound to its phone', async () => {
    const p = newPhone();
    const q = newPhone();
    const code = await codeFor(t(), p.e164);
    await codeFor(t(), q.e164);
    for (const bad of ['abcdef', '12345', '1234567', '12 345', "' or 1=1"]) {
      const res = await verify(t(), p.e164, bad);
      expect([bad, res.statusCode]).toEqual([bad, 400]);
    }
    expect((await verify(t(), q.e164, code)).statusCode).toBe(400);
    const never = await verify(t(), newPhone().e164, '123456');
    expect([never.statusCode, never.json().code]).toEqual([400, 'otp_expired']);
    const badPhone = await verify(t(), 'not a phone', '123456');
    expect([badPhone.statusCode, badPhone.json().code]).toEqual([400, 'invalid_phone']);
  });

  it('a known phone signs in as the same user every time', async () => {
    const clinic = await createTestClinic(t());
    const a = await verify(t(), clinic.patient.phone, await codeFor(t(), clinic.patient.phone));
    expect(a.json().user.id).toBe(clinic.patient.id);
    const p = newPhone();
    const first = await verify(t(), p.e164, await codeFor(t(), p.e164));
    t().clock.advance((OTP_RESEND_COOLDOWN_SECONDS + 1) * 1000);
    const second = await verify(t(), p.typed, await codeFor(t(), p.e164));
    expect(second.json().user.id).toBe(first.json().user.id);
    const users = await t()
      .db.owner.selectFrom('identities')
      .select('user_id')
      .where('kind', '=', 'phone')
      .where('value', '=', p.e164)
      .execute();
    expect(users).toHaveLength(1);
  });
});
