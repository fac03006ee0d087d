import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { call, inviteTokenFrom, lastEmailTo } from '../../test/api.ts';
import {
  createTestAdmin,
  createTestClinic,
  describeEachDb,
  login,
  randomIp,
  type Signed,
  sessionFor,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../test/harness.ts';
import { codeFor } from '../../test/totp.ts';
import { systemActor } from '../db/database.ts';
import { type BaseTx, withClinic, withGlobal } from '../db/tenancy.ts';
import { findOrCreatePhoneUser } from './users.ts';

const STEP_MS = 30_000;

type Enrolled = { secret: string; recoveryCodes: string[]; session: Signed };

/** Signs in, sets up an authenticator and confirms it with a code computed independently. */
async function enrol(t: TestApp, user: TestUser): Promise<Enrolled> {
  const session = await login(t, user);
  const begin = await call(t, session, 'POST', '/me/mfa/totp');
  expect(begin.statusCode).toBe(200);
  const { secret } = begin.json() as { secret: string };
  const confirm = await call(t, session, 'POST', '/me/mfa/totp/confirm', {
    code: codeFor(secret, t.clock.now()),
  });
  expect(confirm.statusCode).toBe(200);
  // The next code is for the next step: the one just used is spent.
  t.clock.advance(STEP_MS);
  return { secret, recoveryCodes: confirm.json().recoveryCodes, session };
}

function passwordStep(t: TestApp, user: TestUser, ip = randomIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
    remoteAddress: ip,
  });
}

async function challengeFor(t: TestApp, user: TestUser): Promise<string> {
  const res = await passwordStep(t, user);
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body).toMatchObject({ mfaRequired: true, challenge: expect.any(String) });
  expect(body.token).toBeUndefined();
  expect(res.cookies).toEqual([]);
  return body.challenge;
}

function secondStep(t: TestApp, challenge: string, code: string, ip = randomIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/mfa',
    payload: { challenge, code },
    remoteAddress: ip,
  });
}

const bearer = (token: string) => ({ auth: { authorization: `Bearer ${token}` } });

describeEachDb('two-step sign-in (TOTP)', (t) => {
  it('enrols: QR and key, a wrong code refused, a right one turns it on with ten recovery codes', async () => {
    const c = await createTestClinic(t());
    const here = await login(t(), c.doctor);
    const other = await login(t(), c.doctor);
    expect((await call(t(), here, 'GET', '/me/mfa')).json()).toMatchObject({
      enabled: false,
      sessionVerified: false,
    });
    const begin = await call(t(), here, 'POST', '/me/mfa/totp');
    expect(begin.statusCode).toBe(200);
    const { secret, uri, qrSvg } = begin.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(qrSvg).not.toMatch(/<script|href=|on\w+=/i);
    // Not in force yet: signing in still needs the password only.
    expect((await passwordStep(t(), c.doctor)).json().token).toEqual(expect.any(String));

    const now = t().clock.now();
    const wrong = String((Number(codeFor(secret, now)) + 1) % 1_000_000).padStart(6, '0');
    const bad = await call(t(), here, 'POST', '/me/mfa/totp/confirm', { code: wrong });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'mfa_code_invalid']);
    const junk = await call(t(), here, 'POST', '/me/mfa/totp/confirm', { code: 'x'.repeat(33) });
    expect(junk.statusCode).toBe(400);

    const ok = await call(t(), here, 'POST', '/me/mfa/totp/confirm', { code: codeFor(secret, now) });
    expect(ok.statusCode).toBe(200);
    const { recoveryCodes, otherSessionsSignedOut } = ok.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(otherSessionsSignedOut).toBeGreaterThanOrEqual(2); // `other` and the probe sign-in
    expect((await call(t(), other, 'GET', '/me')).statusCode).toBe(401);
    expect((await call(t(), here, 'GET', '/me/mfa')).json()).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
      sessionVerified: true,
    });
    // Confirming again, or starting over, is refused while it is on.
    const again = await call(t(), here, 'POST', '/me/mfa/totp');
    expect([again.statusCode, again.json().code]).toEqual([409, 'mfa_already_enabled']);

    // Stored: no readable key, no recovery code in clear.
    const stored = await t()
      .db.owner.selectFrom('user_mfa')
      .select(['secret_enc'])
      .where('user_id', '=', c.doctor.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_enc.toString('latin1')).not.toContain(secret);
    const hashes = await t()
      .db.owner.selectFrom('mfa_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', c.doctor.id)
      .execute();
    expect(hashes).toHaveLength(10);
    for (const h of hashes) expect(h.code_hash).toMatch(/^\$argon2id\$/); // salted, as passwords
    const dump = hashes.map((h) => h.code_hash).join('');
    for (const code of recoveryCodes) expect(dump).not.toContain(code.replace('-', ''));

    const audit = await withClinic(t().db, c.id, systemActor, (tx) =>
      tx.db.selectFrom('audit_events').select('action').where('entity_id', '=', c.doctor.id).execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['account.mfa_setup_started', 'account.mfa_enabled']),
    );
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('signing in then needs a code; the session it gives has passed the second factor', async () => {
    const c = await createTestClinic(t());
    const { secret } = await enrol(t(), c.secretary);
    const challenge = await challengeFor(t(), c.secretary);
    const res = await secondStep(t(), challenge, codeFor(secret, t().clock.now()));
    expect(res.statusCode).toBe(200);
    expect(res.cookies.map((k) => k.name)).toContain('cliniclick_session');
    const s = bearer(res.json().token);
    expect((await call(t(), s, 'GET', '/me/mfa')).json().sessionVerified).toBe(true);
    expect((await call(t(), s, 'GET', `/clinics/${c.id}/staff`)).statusCode).toBe(200);
    // The challenge is spent.
    t().clock.advance(STEP_MS);
    const reused = await secondStep(t(), challenge, codeFor(secret, t().clock.now()));
    expect([reused.statusCode, reused.json().code]).toEqual([401, 'mfa_challenge_invalid']);
    // Refreshing keeps the second factor.
    const next = await call(t(), s, 'POST', '/auth/refresh');
    expect((await call(t(), bearer(next.json().token), 'GET', '/me/mfa')).json().sessionVerified).toBe(true);
  });

  it('refuses a replayed code (same time step) and an older one; of two at once, one wins', async () => {
    const c = await createTestClinic(t());
    const { secret } = await enrol(t(), c.owner);
    const code = codeFor(secret, t().clock.now());
    expect((await secondStep(t(), await challengeFor(t(), c.owner), code)).statusCode).toBe(200);
    const replay = await secondStep(t(), await challengeFor(t(), c.owner), code);
    expect([replay.statusCode, replay.json().code]).toEqual([400, 'mfa_code_used']);
    // The previous step's code is inside the window, but older than the one used: refused too.
    const older = codeFor(secret, new Date(t().clock.now().getTime() - STEP_MS));
    const late = await secondStep(t(), await challengeFor(t(), c.owner), older);
    expect(late.statusCode).toBe(400);

    // Two refused codes and three right passwords without a finished sign-in count toward the
    // lockout; lift it so the race below is about the code alone.
    await t().db.owner.deleteFrom('rate_limits').where('key', '=', `login-fail:${c.owner.email}`).execute();
    t().clock.advance(STEP_MS);
    const fresh = codeFor(secret, t().clock.now());
    const [a, b] = [await challengeFor(t(), c.owner), await challengeFor(t(), c.owner)];
    const raced = await Promise.all([secondStep(t(), a, fresh), secondStep(t(), b, fresh)]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 400]);
  });

  it('a challenge expires after five minutes', async () => {
    const c = await createTestClinic(t());
    const { secret } = await enrol(t(), c.doctor);
    const challenge = await challengeFor(t(), c.doctor);
    t().clock.advance(5 * 60_000 + 1000);
    const res = await secondStep(t(), challenge, codeFor(secret, t().clock.now()));
    expect([res.statusCode, res.json().code]).toEqual([401, 'mfa_challenge_invalid']);
    for (const junk of ['', 'x', 'a'.repeat(43), 'a'.repeat(201)]) {
      const r = await secondStep(t(), junk, '123456');
      expect([400, 401]).toContain(r.statusCode);
    }
  });

  it('wrong codes count toward the sign-in lockout, and a challenge takes five codes at most', async () => {
    const c = await createTestClinic(t());
    const { secret } = await enrol(t(), c.doctor);
    const wrong = () => String((Number(codeFor(secret, t().clock.now())) + 7) % 1_000_000).padStart(6, '0');
    const challenge = await challengeFor(t(), c.doctor); // the password step counts one
    for (let i = 0; i < 4; i++) {
      const r = await secondStep(t(), challenge, wrong());
      expect([r.statusCode, r.json().code]).toEqual([400, 'mfa_code_invalid']);
    }
    const locked = await secondStep(t(), challenge, codeFor(secret, t().clock.now()));
    expect([locked.statusCode, locked.json().code]).toEqual([429, 'account_locked']);
    const pw = await passwordStep(t(), c.doctor);
    expect([pw.statusCode, pw.json().code]).toEqual([429, 'account_locked']);

    // With the lockout lifted by hand, the challenge itself has had its five.
    await t().db.owner.deleteFrom('rate_limits').where('key', '=', `login-fail:${c.doctor.email}`).execute();
    const spent = await secondStep(t(), challenge, codeFor(secret, t().clock.now()));
    expect([spent.statusCode, spent.json().code]).toEqual([401, 'mfa_challenge_invalid']);
    // Parallel guesses cannot exceed five on one challenge.
    await t().db.owner.deleteFrom('rate_limits').where('key', '=', `login-fail:${c.doctor.email}`).execute();
    const fresh = await challengeFor(t(), c.doctor);
    await t().db.owner.deleteFrom('rate_limits').where('key', '=', `login-fail:${c.doctor.email}`).execute();
    await Promise.all(Array.from({ length: 12 }, () => secondStep(t(), fresh, wrong())));
    const row = await t()
      .db.owner.selectFrom('mfa_challenges')
      .select('attempts')
      .where('user_id', '=', c.doctor.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBeLessThanOrEqual(5);
  });

  it('a recovery code signs in once; the same code raced on two challenges wins once', async () => {
    const c = await createTestClinic(t());
    const { recoveryCodes } = await enrol(t(), c.owner);
    const [first, second] = recoveryCodes as [string, string];
    const ok = await secondStep(t(), await challengeFor(t(), c.owner), first.toUpperCase().replace('-', ' '));
    expect(ok.statusCode).toBe(200);
    const again = await secondStep(t(), await challengeFor(t(), c.owner), first);
    expect([again.statusCode, again.json().code]).toEqual([400, 'mfa_code_invalid']);
    // Right passwords without a finished sign-in count toward the lockout: lift it for the race.
    await t().db.owner.deleteFrom('rate_limits').where('key', '=', `login-fail:${c.owner.email}`).execute();
    const [a, b] = [await challengeFor(t(), c.owner), await challengeFor(t(), c.owner)];
    const raced = await Promise.all([secondStep(t(), a, second), secondStep(t(), b, second)]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    const s = bearer(ok.json().token);
    expect((await call(t(), s, 'GET', '/me/mfa')).json().recoveryCodesLeft).toBe(8);
    const audit = await withClinic(t().db, c.id, systemActor, (tx) =>
      tx.db
        .selectFrom('audit_events')
        .select('data')
        .where('action', '=', 'account.mfa_recovery_code_used')
        .execute(),
    );
    expect(audit).toHaveLength(2);
  });

  it('a code from another account’s authenticator does not answer this account’s challenge', async () => {
    const c = await createTestClinic(t());
    const doctor = await enrol(t(), c.doctor);
    const secretary = await enrol(t(), c.secretary);
    const challenge = await challengeFor(t(), c.doctor);
    const cross = await secondStep(t(), challenge, codeFor(secretary.secret, t().clock.now()));
    expect(cross.statusCode).toBe(400);
    const crossRecovery = await secondStep(t(), challenge, secretary.recoveryCodes[0]!);
    expect(crossRecovery.statusCode).toBe(400);
    const right = await secondStep(t(), challenge, codeFor(doctor.secret, t().clock.now()));
    expect(right.statusCode).toBe(200);
    expect(right.json().user.id).toBe(c.doctor.id);
  });

  it('turning it off needs the password and a code; then the password alone signs in again', async () => {
    const c = await createTestClinic(t());
    const { secret, session } = await enrol(t(), c.doctor);
    const off = (password: string, code: string) =>
      call(t(), session, 'DELETE', '/me/mfa', { password, code });
    const noPw = await off('not the password at all', codeFor(secret, t().clock.now()));
    expect([noPw.statusCode, noPw.json().code]).toEqual([400, 'wrong_password']);
    const noCode = await off(
      c.doctor.password,
      '000000' === codeFor(secret, t().clock.now()) ? '111111' : '000000',
    );
    expect([noCode.statusCode, noCode.json().code]).toEqual([400, 'mfa_code_invalid']);
    const done = await off(c.doctor.password, codeFor(secret, t().clock.now()));
    expect(done.statusCode).toBe(204);
    expect((await call(t(), session, 'GET', '/me/mfa')).json()).toMatchObject({
      enabled: false,
      sessionVerified: false,
    });
    expect((await passwordStep(t(), c.doctor)).json().token).toEqual(expect.any(String));
    const twice = await off(c.doctor.password, codeFor(secret, t().clock.now()));
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'mfa_not_enabled']);
  });

  it('renews the recovery codes for a code: the old ones stop working', async () => {
    const c = await createTestClinic(t());
    const { secret, session, recoveryCodes } = await enrol(t(), c.secretary);
    const bad = await call(t(), session, 'POST', '/me/mfa/recovery-codes', {
      code: recoveryCodes[0]!.slice(1),
    });
    expect(bad.statusCode).toBe(400);
    const res = await call(t(), session, 'POST', '/me/mfa/recovery-codes', {
      code: codeFor(secret, t().clock.now()),
    });
    expect(res.statusCode).toBe(200);
    const renewed = res.json().recoveryCodes as string[];
    expect(renewed).toHaveLength(10);
    const old = await secondStep(t(), await challengeFor(t(), c.secretary), recoveryCodes[1]!);
    expect(old.statusCode).toBe(400);
    const fresh = await secondStep(t(), await challengeFor(t(), c.secretary), renewed[0]!);
    expect(fresh.statusCode).toBe(200);
  });

  it('an owner’s rule binds that clinic’s staff only; only the owner may set it', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const policy = (s: Pick<Signed, 'auth'>, clinicId: string, staffMfaRequired: boolean) =>
      call(t(), s, 'PUT', `/clinics/${clinicId}/staff/sign-in-policy`, { staffMfaRequired });

    // An owner without a second factor cannot require one.
    const bare = await login(t(), a.owner);
    const early = await policy(bare, a.id, true);
    expect([early.statusCode, early.json().code]).toEqual([409, 'mfa_enroll_first']);

    const owner = await enrol(t(), a.owner);
    for (const who of [a.doctor, a.secretary]) {
      const r = await policy(await login(t(), who), a.id, true);
      expect([r.statusCode, r.json().code]).toEqual([403, 'forbidden']);
    }
    const bOwner = await enrol(t(), b.owner);
    expect((await policy(bOwner.session, a.id, true)).statusCode).toBe(404);
    const set = await policy(owner.session, a.id, true);
    expect([set.statusCode, set.json()]).toEqual([200, { staffMfaRequired: true }]);

    const doctorA = await login(t(), a.doctor);
    const refused = await call(t(), doctorA, 'GET', `/clinics/${a.id}/staff`);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'mfa_required']);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await call(t(), doctorA, 'GET', '/me')).statusCode).toBe(200); // can still set it up
    expect((await call(t(), doctorA, 'GET', `/clinics/${a.id}/staff/sign-in-policy`)).statusCode).toBe(403);
    // The owner's own session passed it; clinic B's staff are not touched.
    expect((await call(t(), owner.session, 'GET', `/clinics/${a.id}/staff`)).statusCode).toBe(200);
    expect((await call(t(), await login(t(), b.doctor), 'GET', `/clinics/${b.id}/staff`)).statusCode).toBe(
      200,
    );

    // The doctor sets it up with the session they have; that session passes from then on.
    const begin = await call(t(), doctorA, 'POST', '/me/mfa/totp');
    await call(t(), doctorA, 'POST', '/me/mfa/totp/confirm', {
      code: codeFor(begin.json().secret, t().clock.now()),
    });
    const list = await call(t(), doctorA, 'GET', `/clinics/${a.id}/staff`);
    expect(list.statusCode).toBe(200);
    const twoStep = Object.fromEntries(
      (list.json().items as Array<{ userId: string; twoStep: boolean }>).map((m) => [m.userId, m.twoStep]),
    );
    expect(twoStep).toMatchObject({ [a.owner.id]: true, [a.doctor.id]: true, [a.secretary.id]: false });

    const audit = await withClinic(t().db, a.id, systemActor, (tx) =>
      tx.db
        .selectFrom('audit_events')
        .select(['data', 'actor_user_id'])
        .where('action', '=', 'clinic.staff_mfa_required_changed')
        .execute(),
    );
    expect(audit).toEqual([{ data: { staffMfaRequired: true }, actor_user_id: a.owner.id }]);
    // Turning it off lets the secretary back in.
    expect((await policy(owner.session, a.id, false)).statusCode).toBe(200);
    expect((await call(t(), await login(t(), a.secretary), 'GET', `/clinics/${a.id}/staff`)).statusCode).toBe(
      200,
    );
  });

  it('a password reset does not sign in past the second factor', async () => {
    const c = await createTestClinic(t());
    const { secret } = await enrol(t(), c.doctor);
    await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: c.doctor.email },
      remoteAddress: randomIp(),
    });
    // The link is emailed by a job that runs right after the request's commit.
    let token: string | undefined;
    for (let i = 0; i < 200 && !token; i++) {
      token = /reset-password#token=([A-Za-z0-9_-]+)/.exec(
        (await lastEmailTo(t(), c.doctor.email))?.body ?? '',
      )?.[1];
      if (!token) await new Promise((r) => setTimeout(r, 20));
    }
    expect(token).toBeDefined();
    const newPassword = 'amber kettle under the winter bridge';
    const done = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token, newPassword },
      remoteAddress: randomIp(),
    });
    expect(done.statusCode).toBe(204);
    expect(done.cookies).toEqual([]);
    const challenge = await challengeFor(t(), { ...c.doctor, password: newPassword });
    expect((await secondStep(t(), challenge, codeFor(secret, t().clock.now()))).statusCode).toBe(200);
  });

  it('accepting an invitation with an account that has it on answers a challenge, not a session', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const { secret } = await enrol(t(), b.doctor);
    const owner = await enrol(t(), a.owner);
    const invite = await call(t(), owner.session, 'POST', `/clinics/${a.id}/staff`, {
      email: b.doctor.email,
      name: 'Borrowed Doctor',
      role: 'secretary',
    });
    expect(invite.statusCode).toBeLessThan(300);
    const token = inviteTokenFrom((await lastEmailTo(t(), b.doctor.email))?.body);
    const accepted = await t().app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, password: b.doctor.password },
      remoteAddress: randomIp(),
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ mfaRequired: true });
    expect(accepted.cookies).toEqual([]);
    const signed = await secondStep(t(), accepted.json().challenge, codeFor(secret, t().clock.now()));
    expect(signed.statusCode).toBe(200);
  });

  it('the app role reads no key, recovery-code hash or challenge hash; the functions answer only outside a clinic', async () => {
    const c = await createTestClinic(t());
    await enrol(t(), c.owner);
    await challengeFor(t(), c.owner);
    const DENIED = /permission denied/;
    for (const scope of ['clinic', 'global'] as const) {
      const run = <T>(fn: (tx: BaseTx) => Promise<T>) =>
        scope === 'clinic' ? withClinic(t().db, c.id, systemActor, fn) : withGlobal(t().db, systemActor, fn);
      for (const q of [
        sql`select secret_enc from user_mfa`,
        sql`select * from user_mfa`,
        sql`select code_hash from mfa_recovery_codes`,
        sql`select id from mfa_recovery_codes where code_hash like '$argon2%'`,
        sql`select token_hash from mfa_challenges`,
      ]) {
        await expect(run((tx) => q.execute(tx.db))).rejects.toThrow(DENIED);
      }
    }
    const inClinic = await withClinic(t().db, c.id, systemActor, (tx) =>
      sql<{ s: Buffer | null }>`select mfa_totp_secret(${c.owner.id}) as s`.execute(tx.db),
    );
    expect(inClinic.rows[0]?.s).toBeNull();
    const global = await withGlobal(t().db, systemActor, (tx) =>
      sql<{ s: Buffer | null }>`select mfa_totp_secret(${c.owner.id}) as s`.execute(tx.db),
    );
    expect(global.rows[0]?.s?.length).toBeGreaterThan(28);
    const rows = await sql<{ fn: string; publicCan: boolean }>`
      select p.proname as fn, has_function_privilege('public', p.oid, 'execute') as "publicCan"
        from pg_proc p where p.proname like 'mfa\\_%' order by 1`.execute(t().db.owner);
    expect(rows.rows).toEqual([
      { fn: 'mfa_challenge_id', publicCan: false },
      { fn: 'mfa_recovery_code_hashes', publicCan: false },
      { fn: 'mfa_totp_secret', publicCan: false },
    ]);
  });

  it('an account that signs in by SMS code has no password and cannot set it up', async () => {
    const phone = `+1555${String(randomInt(1e6, 1e7))}`;
    const { userId } = await withGlobal(t().db, systemActor, (tx) =>
      findOrCreatePhoneUser(tx, phone, { verified: true }),
    );
    const s = await sessionFor(t(), userId);
    const r = await call(t(), s, 'POST', '/me/mfa/totp');
    expect([r.statusCode, r.json().code]).toEqual([400, 'no_password']);
  });
});

describeEachDb('platform admin and the second factor', (t) => {
  it('outside the demo an admin without it is refused the console and sent to set it up', async () => {
    const strict = await startTestApp(t().kind, { allowAdminWithoutMfa: false });
    try {
      const admin = await createTestAdmin(strict);
      const bare = await login(strict, admin);
      const refused = await call(strict, bare, 'GET', '/admin/clinics');
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'mfa_required']);
      const { secret } = await enrol(strict, admin);
      const challenge = await challengeFor(strict, admin);
      const res = await secondStep(strict, challenge, codeFor(secret, strict.clock.now()));
      expect((await call(strict, bearer(res.json().token), 'GET', '/admin/clinics')).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
    // The demo's setting (the default of these tests) lets one in with the password alone.
    const demoAdmin = await login(t(), await createTestAdmin(t()));
    expect((await call(t(), demoAdmin, 'GET', '/admin/clinics')).statusCode).toBe(200);
  });
});
