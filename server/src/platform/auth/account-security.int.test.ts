import { expect, it } from 'vitest';
import { adminSession, call, clinicBody, inviteTokenFrom, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import {
  createTestClinic,
  describeEachDb,
  login,
  randomIp,
  type Signed,
  sessionFor,
  TEST_PASSWORD,
} from '../../test/harness.ts';
import { withClinic } from '../db/tenancy.ts';

const NEW_PASSWORD = 'violet lantern over the quiet harbour';

describeEachDb('account security: change password, own sessions', (t) => {
  const me = (s: Pick<Signed, 'auth'>) => call(t(), s, 'GET', '/me');
  const change = (s: Pick<Signed, 'auth'>, currentPassword: string, newPassword: string) =>
    call(t(), s, 'POST', '/me/password', { currentPassword, newPassword });

  it('changes the password after re-authentication and signs out every other session, not this one', async () => {
    const c = await createTestClinic(t());
    const here = await login(t(), c.doctor);
    const phone = await login(t(), c.doctor);
    const laptop = await login(t(), c.doctor);
    expect((await me(phone)).statusCode).toBe(200); // cached in the session cache now
    const res = await change(here, TEST_PASSWORD, NEW_PASSWORD);
    expect([res.statusCode, res.json()]).toEqual([200, { otherSessionsSignedOut: 2 }]);
    for (const other of [phone, laptop]) {
      const r = await me(other);
      expect([r.statusCode, r.json().code]).toEqual([401, 'session_revoked']);
    }
    expect((await me(here)).statusCode).toBe(200);
    await expect(login(t(), c.doctor)).rejects.toThrow(/401/);
    await login(t(), { email: c.doctor.email, password: NEW_PASSWORD });
    // Recorded in the clinic's audit, without the password.
    const audit = await withClinic(t().db, c.id, { kind: 'system', userId: null }, (tx) =>
      tx.db
        .selectFrom('audit_events')
        .select(['action', 'data', 'actor_user_id'])
        .where('action', '=', 'account.password_changed')
        .execute(),
    );
    expect(audit).toEqual([
      { action: 'account.password_changed', data: { otherSessionsSignedOut: 2 }, actor_user_id: c.doctor.id },
    ]);
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('refuses a wrong current password, counting it toward the sign-in lockout', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.secretary);
    for (let i = 0; i < 5; i++) {
      const r = await change(s, `not-the-password-${i}`, NEW_PASSWORD);
      expect([r.statusCode, r.json().code, r.json().errors[0].field]).toEqual([
        400,
        'wrong_password',
        'currentPassword',
      ]);
    }
    // Locked now, even with the right one, and so is signing in.
    const locked = await change(s, TEST_PASSWORD, NEW_PASSWORD);
    expect([locked.statusCode, locked.json().code]).toEqual([429, 'account_locked']);
    const signIn = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: c.secretary.email, password: TEST_PASSWORD },
      remoteAddress: randomIp(),
    });
    expect([signIn.statusCode, signIn.json().code]).toEqual([429, 'account_locked']);
    expect((await me(s)).statusCode).toBe(200); // a wrong guess signs no one out
  });

  it('refuses a weak new password with a code per reason, and such tries do not count as wrong guesses', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.owner);
    const localPart = c.owner.email.split('@')[0]!; // "owner"
    const cases: Array<[string, string]> = [
      ['1234567890', 'password_too_common'],
      ['password12', 'password_too_common'],
      ['QWERTYUIOP', 'password_too_common'],
      ['short', 'password_too_short'],
      [`my-${localPart.toUpperCase()}-password-x`, 'password_contains_personal_info'],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [pw, code] of cases) {
        const r = await change(s, TEST_PASSWORD, pw);
        expect([pw, r.statusCode, r.json().code, r.json().errors?.[0]?.field]).toEqual([
          pw,
          400,
          code,
          'newPassword',
        ]);
      }
    }
    // Ten refused choices later, the right current password still works: no lockout.
    expect((await change(s, TEST_PASSWORD, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('tells a patient who signs in by SMS that there is no password to change', async () => {
    const c = await createTestClinic(t());
    const otp = await sessionFor(t(), c.patient.id);
    // The test patient has an email sign-in too; a phone-only patient has none.
    await t()
      .db.owner.deleteFrom('identities')
      .where('user_id', '=', c.patient.id)
      .where('kind', '=', 'email')
      .execute();
    const r = await change(otp, 'anything-at-all', NEW_PASSWORD);
    expect([r.statusCode, r.json().code]).toEqual([400, 'no_password']);
    const list = await call(t(), otp, 'GET', '/me/sessions');
    expect(list.statusCode).toBe(200);
  });

  it('lists only the caller’s own live sessions, the current one flagged, with a device label', async () => {
    const c = await createTestClinic(t());
    const phoneUa =
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
    const phone = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'user-agent': phoneUa },
      payload: { email: c.doctor.email, password: TEST_PASSWORD },
      remoteAddress: '127.9.8.7',
    });
    expect(phone.statusCode).toBe(200);
    const here = await login(t(), c.doctor);
    const ended = await login(t(), c.doctor);
    await call(t(), ended, 'POST', '/auth/logout');
    await login(t(), c.owner); // someone else's
    const res = await call(t(), here, 'GET', '/me/sessions');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<Record<string, unknown>>;
    expect(items).toHaveLength(2);
    expect(items.filter((i) => i.current)).toHaveLength(1);
    expect(items).toContainEqual(
      expect.objectContaining({
        current: false,
        browser: 'Chrome',
        os: 'Android',
        ip: '127.9.8.7',
        method: 'password',
      }),
    );
    expect(JSON.stringify(items)).not.toMatch(/token|hash/i);
  });

  it('signs out one own session; another user’s session id or an ended one is not found', async () => {
    const c = await createTestClinic(t());
    const here = await login(t(), c.doctor);
    const other = await sessionFor(t(), c.doctor.id);
    const victim = await sessionFor(t(), c.owner.id);
    const stranger = await call(t(), here, 'DELETE', `/me/sessions/${victim.sessionId}`);
    expect([stranger.statusCode, stranger.json().code]).toEqual([404, 'not_found']);
    expect((await me(victim)).statusCode).toBe(200); // untouched
    const upper = await call(t(), here, 'DELETE', `/me/sessions/${other.sessionId.toUpperCase()}`);
    expect(upper.statusCode).toBe(204);
    const r = await me(other);
    expect([r.statusCode, r.json().code]).toEqual([401, 'session_revoked']);
    const again = await call(t(), here, 'DELETE', `/me/sessions/${other.sessionId}`);
    expect(again.statusCode).toBe(404);
    const bad = await call(t(), here, 'DELETE', '/me/sessions/not-a-uuid');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_failed']);
    const anon = await call(t(), null, 'DELETE', `/me/sessions/${other.sessionId}`);
    expect(anon.statusCode).toBe(401);
  });

  it('signs out everywhere else, keeping this session and touching no one else', async () => {
    const c = await createTestClinic(t());
    const here = await login(t(), c.owner);
    const others = [await sessionFor(t(), c.owner.id), await sessionFor(t(), c.owner.id)];
    const colleague = await sessionFor(t(), c.doctor.id);
    const res = await call(t(), here, 'POST', '/me/sessions/revoke-others');
    expect([res.statusCode, res.json()]).toEqual([200, { signedOut: 2 }]);
    for (const o of others) expect((await me(o)).statusCode).toBe(401);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(colleague)).statusCode).toBe(200);
    const list = await call(t(), here, 'GET', '/me/sessions');
    expect(list.json().items).toEqual([expect.objectContaining({ current: true })]);
  });

  it('needs the CSRF token when the cookie signs the request, not with a bearer token', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.owner);
    const post = (url: string, headers: Record<string, string>, payload?: object) =>
      t().app.inject({ method: 'POST', url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
    const body = { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD };
    for (const url of ['/me/sessions/revoke-others', '/me/password']) {
      const r = await post(url, { cookie: s.cookie }, url.endsWith('password') ? body : undefined);
      expect([url, r.statusCode, r.json().code]).toEqual([url, 403, 'csrf_failed']);
    }
    const del = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${(await sessionFor(t(), c.owner.id)).sessionId}`,
      headers: { cookie: s.cookie },
    });
    expect([del.statusCode, del.json().code]).toEqual([403, 'csrf_failed']);
    const ok = await post('/me/password', { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, body);
    expect(ok.statusCode).toBe(200);
    // The cookie's session is the one kept.
    const list = await t().app.inject({
      method: 'GET',
      url: '/api/v1/me/sessions',
      headers: { cookie: s.cookie },
    });
    expect(list.json().items).toEqual([expect.objectContaining({ current: true })]);
  });

  it('applies the policy wherever a password is set, without telling whether the email has an account', async () => {
    const c = await createTestClinic(t());
    const owner = await login(t(), c.owner);
    // Adding staff takes no password at all (they choose it when they accept): the accept form,
    // the reset and the platform's clinic opening are where passwords are set.
    const named = uniqueEmail();
    await call(t(), owner, 'POST', `/clinics/${c.id}/staff`, {
      email: named,
      name: 'Rosalind Franklin',
      role: 'doctor',
    });
    const personal = await call(t(), null, 'POST', '/invitations/accept', {
      token: inviteTokenFrom((await lastEmailTo(t(), named))?.body),
      password: 'rosalind-1920-x',
    });
    expect([personal.statusCode, personal.json().code]).toEqual([400, 'password_contains_personal_info']);
    // The invitation accept form: a new account's password follows the same rule.
    const email = uniqueEmail();
    const invited = await call(t(), owner, 'POST', `/clinics/${c.id}/staff`, {
      email,
      name: 'New Person',
      role: 'doctor',
    });
    expect(invited.json().result).toBe('invited');
    const token = inviteTokenFrom((await lastEmailTo(t(), email))?.body);
    const weak = await call(t(), null, 'POST', '/invitations/accept', { token, password: 'qwertyuiop' });
    expect([weak.statusCode, weak.json().code]).toEqual([400, 'password_too_common']);
    const good = await call(t(), null, 'POST', '/invitations/accept', { token, password: NEW_PASSWORD });
    expect(good.statusCode).toBe(200);
    // The platform admin opening a clinic with its owner's password.
    const admin = await adminSession(t());
    const body = clinicBody();
    const clinic = await call(t(), admin, 'POST', '/admin/clinics', {
      ...body,
      owner: { ...body.owner, password: '1234567890' },
    });
    expect([clinic.statusCode, clinic.json().code, clinic.json().errors[0].field]).toEqual([
      400,
      'password_too_common',
      'owner.password',
    ]);
  });
});
