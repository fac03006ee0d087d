import { expect, it } from 'vitest';
import { sha256 } from '../../platform/auth/crypto.ts';
import { call, inviteTokenFrom, lastEmailTo, type Method, uniqueEmail } from '../../test/api.ts';
import {
  createTestAdmin,
  createTestClinic,
  describeEachDb,
  login,
  randomIp,
  type Signed,
  type TestApp,
  uniqueSlug,
} from '../../test/harness.ts';

/**
 * An account belongs to whoever proved they read its mailbox. Any owner can make an account for
 * any email (an initial password), so such an account must never be handed someone else's roles.
 */

async function loginStatus(t: TestApp, email: string, password: string): Promise<number> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: randomIp(),
  });
  return res.statusCode;
}

function accept(t: TestApp, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload,
    remoteAddress: randomIp(),
  });
}

/** Every invitation token ever emailed to `email`, oldest first. */
async function tokensEmailedTo(t: TestApp, email: string): Promise<string[]> {
  const rows = await t.db.owner
    .selectFrom('outbox')
    .select('body')
    .where('recipient', '=', email)
    .where('channel', '=', 'email')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => (/\/app\/invite\//.test(r.body) ? [inviteTokenFrom(r.body)] : []));
}

/** Records every response body, to check afterwards that none carried an invitation token. */
function recorder(t: () => TestApp) {
  const bodies: string[] = [];
  return {
    bodies,
    async call(who: Pick<Signed, 'auth'> | null, method: Method, url: string, payload?: unknown) {
      const res = await call(t(), who, method, url, payload);
      bodies.push(res.body);
      return res;
    },
    async accept(payload: Record<string, unknown>) {
      const res = await accept(t(), payload);
      bodies.push(res.body);
      return res;
    },
  };
}

function newClinicBody(ownerEmail: string, password?: string) {
  return {
    slug: uniqueSlug('own'),
    name: 'Opened By Admin',
    timeZone: 'UTC',
    currency: 'USD',
    locale: 'en',
    owner: { email: ownerEmail, name: 'Dr Who', ...(password ? { password } : {}) },
  };
}

describeEachDb('staff: who owns an email', (t) => {
  it('an owner who pre-registers a colleague’s email gains nothing elsewhere; the mailbox holder takes the account back', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const api = recorder(t);
    const attackerOwner = await login(t(), a.owner);
    const ownerB = await login(t(), b.owner);
    const admin = await login(t(), await createTestAdmin(t()));
    const victim = uniqueEmail('dr-who');

    // 1. Clinic A's owner makes an account for the email with a password they chose, then hides it.
    const made = await api.call(attackerOwner, 'POST', `/clinics/${a.id}/staff`, {
      email: victim,
      name: 'Dr Who',
      role: 'secretary',
      password: 'attacker-pass-1',
    });
    expect(made.json().result).toBe('added');
    const victimId = made.json().member.userId as string;
    expect((await api.call(attackerOwner, 'DELETE', `/clinics/${a.id}/staff/${victimId}`)).statusCode).toBe(
      204,
    );
    const squatter = await login(t(), { email: victim, password: 'attacker-pass-1' });

    // 2. Clinic B adds the real doctor, even with an initial password: nothing is granted, an
    //    invitation goes to the mailbox, and the answer is the same as for an unknown email.
    t().clock.advance(1000);
    const added = await api.call(ownerB, 'POST', `/clinics/${b.id}/staff`, {
      email: victim,
      name: 'Dr Who',
      role: 'doctor',
      password: 'clinic-b-initial-pw',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({
      result: 'invited',
      invitation: expect.objectContaining({ email: victim, role: 'doctor' }),
    });
    const staffB = await api.call(ownerB, 'GET', `/clinics/${b.id}/staff`);
    expect(staffB.json().items.map((m: { email: string }) => m.email)).not.toContain(victim);

    // 3. The squatter's password opens nothing in B, and B's typed password was not applied.
    for (const url of [`/clinics/${b.id}/patients`, `/clinics/${b.id}/staff`]) {
      expect((await api.call(squatter, 'GET', url)).statusCode, url).toBe(404);
    }
    expect((await api.call(squatter, 'GET', '/me')).json().memberships).toEqual([]);
    expect(await loginStatus(t(), victim, 'clinic-b-initial-pw')).toBe(401);

    // 4. The platform opens a clinic for the same email: the owner role waits in an invitation too.
    t().clock.advance(1000);
    const opened = await api.call(admin, 'POST', '/admin/clinics', newClinicBody(victim, 'admin-typed-pw-1'));
    expect(opened.statusCode).toBe(201);
    expect(opened.json().owner).toMatchObject({
      userId: victimId,
      newAccount: false,
      passwordSetupSent: true,
      status: 'invited',
    });
    const newClinic = opened.json().clinic.id as string;
    expect((await api.call(squatter, 'GET', `/clinics/${newClinic}/staff`)).statusCode).toBe(404);
    const shown = await api.call(admin, 'GET', `/admin/clinics/${newClinic}`);
    expect(shown.json().owners).toEqual([]);
    expect(await loginStatus(t(), victim, 'admin-typed-pw-1')).toBe(401);

    // 5. The real person opens B's emailed link and chooses their password: the account is theirs,
    //    the squatter is signed out and their password stops working.
    const tokens = await tokensEmailedTo(t(), victim);
    const bToken = tokens.find((x) => x.startsWith(`${b.id}.`));
    const ownerToken = tokens.find((x) => x.startsWith(`${newClinic}.`));
    expect(bToken && ownerToken).toBeTruthy();
    const claimed = await api.accept({ token: bToken, password: 'the-real-password' });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json().user.id).toBe(victimId);
    const me = await api.call(squatter, 'GET', '/me');
    expect(me.statusCode).toBe(401);
    expect(await loginStatus(t(), victim, 'attacker-pass-1')).toBe(401);
    const real = await login(t(), { email: victim, password: 'the-real-password' });
    expect((await api.call(real, 'GET', '/me')).json().memberships).toEqual([
      expect.objectContaining({ clinicId: b.id, role: 'doctor' }),
    ]);
    const squatterSession = await t()
      .db.owner.selectFrom('sessions')
      .select('revoked_reason')
      .where('token_hash', '=', sha256(squatter.token))
      .executeTakeFirst();
    expect(squatterSession?.revoked_reason).toBe('email_claimed');

    // 6. Now verified: the owner invitation needs the account's own password, the old one fails.
    const stale = await api.accept({ token: ownerToken, password: 'attacker-pass-1' });
    expect(stale.statusCode).toBe(401);
    const owned = await api.accept({ token: ownerToken, password: 'the-real-password' });
    expect(owned.statusCode).toBe(200);
    expect((await api.call(admin, 'GET', `/admin/clinics/${newClinic}`)).json().owners).toEqual([
      expect.objectContaining({ userId: victimId, email: victim }),
    ]);

    // 7. A verified person can be added directly, but a password typed by an owner is never applied.
    const again = await api.call(attackerOwner, 'POST', `/clinics/${a.id}/staff`, {
      email: victim,
      name: 'Dr Who',
      role: 'secretary',
      password: 'attacker-pass-2',
    });
    expect(again.json().result).toBe('added');
    expect(await loginStatus(t(), victim, 'attacker-pass-2')).toBe(401);
    await login(t(), { email: victim, password: 'the-real-password' });

    // No answer to anyone ever carried an invitation token or link.
    const everyToken = await tokensEmailedTo(t(), victim);
    expect(everyToken.length).toBeGreaterThanOrEqual(2);
    for (const body of api.bodies) {
      expect(body).not.toContain('/app/invite/');
      for (const token of everyToken) expect(body).not.toContain(token.split('.')[1]);
    }
  });

  it('adds a colleague whose email is verified directly, and ignores the password the owner typed', async () => {
    const clinic = await createTestClinic(t());
    const colleague = (await createTestClinic(t())).doctor; // verified: made by the system
    const owner = await login(t(), clinic.owner);
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: colleague.email,
      name: 'Whatever',
      role: 'doctor',
      password: 'owner-chosen-password',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      result: 'added',
      member: { userId: colleague.id, roles: ['doctor'] },
    });
    expect(await loginStatus(t(), colleague.email, 'owner-chosen-password')).toBe(401);
    const signed = await login(t(), colleague);
    expect((await call(t(), signed, 'GET', `/clinics/${clinic.id}/staff`)).statusCode).toBe(200);
    expect((await lastEmailTo(t(), colleague.email))?.subject).toMatch(/added to/);
  });

  it('answers an owner the same for an email with an unverified account as for an unknown one', async () => {
    const squatted = await createTestClinic(t());
    const unverified = uniqueEmail('unverified');
    const squatOwner = await login(t(), squatted.owner);
    const made = await call(t(), squatOwner, 'POST', `/clinics/${squatted.id}/staff`, {
      email: unverified,
      name: 'Someone',
      role: 'doctor',
      password: 'squatter-password',
    });
    expect(made.json().result).toBe('added');

    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const unknown = uniqueEmail('unknown');
    const shape = async (email: string) => {
      t().clock.advance(1000);
      const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
        email,
        name: 'Same Name',
        role: 'secretary',
      });
      const mail = await lastEmailTo(t(), email);
      const token = inviteTokenFrom(mail?.body);
      const audit = await call(t(), owner, 'GET', `/clinics/${clinic.id}/audit?action=staff.invited&limit=1`);
      const event = audit.json().items[0];
      const anonymous = (text: string) =>
        text
          .replaceAll(email, 'EMAIL')
          .replaceAll(token, 'TOKEN')
          .replace(/[0-9a-f-]{36}/g, 'ID')
          .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');
      return {
        status: res.statusCode,
        body: anonymous(res.body),
        subject: mail?.subject,
        mail: anonymous(mail?.body ?? ''),
        audit: anonymous(JSON.stringify(event.data)),
      };
    };
    const forUnverified = await shape(unverified);
    const forUnknown = await shape(unknown);
    expect(forUnverified).toEqual(forUnknown);
    expect(forUnknown.status).toBe(201);
  });

  it('lets only one of two clinics’ invitations claim an unverified account, even at the same moment', async () => {
    const origin = await createTestClinic(t());
    const email = uniqueEmail('contested');
    const originOwner = await login(t(), origin.owner);
    const made = await call(t(), originOwner, 'POST', `/clinics/${origin.id}/staff`, {
      email,
      name: 'Contested',
      role: 'doctor',
      password: 'squatter-password',
    });
    const userId = made.json().member.userId as string;
    const clinics = [await createTestClinic(t()), await createTestClinic(t())];
    for (const c of clinics) {
      const o = await login(t(), c.owner);
      expect(
        (await call(t(), o, 'POST', `/clinics/${c.id}/staff`, { email, name: 'C', role: 'doctor' })).json()
          .result,
      ).toBe('invited');
    }
    const tokens = await tokensEmailedTo(t(), email);
    const results = await Promise.all(
      clinics.map((c, i) =>
        accept(t(), { token: tokens.find((x) => x.startsWith(`${c.id}.`)), password: `claim-password-${i}` }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    const winner = results.findIndex((r) => r.statusCode === 200);
    expect(results[winner]!.json().user.id).toBe(userId);
    await login(t(), { email, password: `claim-password-${winner}` });
    expect(await loginStatus(t(), email, `claim-password-${1 - winner}`)).toBe(401);
    expect(await loginStatus(t(), email, 'squatter-password')).toBe(401);
  });

  it('never grants to an account another request made a moment before (concurrent adds of one new email)', async () => {
    const clinics = [await createTestClinic(t()), await createTestClinic(t()), await createTestClinic(t())];
    const email = uniqueEmail('racing');
    const results = await Promise.all(
      clinics.map(async (c, i) =>
        call(t(), await login(t(), c.owner), 'POST', `/clinics/${c.id}/staff`, {
          email,
          name: 'Racing',
          role: 'doctor',
          password: `two-requests-at-once-${i}`,
        }),
      ),
    );
    // One makes the account; the others either see it (unverified: an invitation) or lose the
    // race on the unique key (409 try_again). Never a 500, never two grants.
    const added = results.filter((r) => r.statusCode === 201 && r.json().result === 'added');
    expect(added).toHaveLength(1);
    for (const r of results.filter((x) => !added.includes(x))) {
      expect(r.statusCode === 409 ? r.json().code : r.json().result).toMatch(/^(try_again|invited)$/);
    }
    const accounts = await t()
      .db.owner.selectFrom('identities')
      .select('user_id')
      .where('kind', '=', 'email')
      .where('value', '=', email)
      .execute();
    expect(accounts).toHaveLength(1);
    const grants = await t()
      .db.owner.selectFrom('memberships')
      .select('clinic_id')
      .where('user_id', '=', accounts[0]!.user_id)
      .where('status', '=', 'active')
      .execute();
    expect(grants).toHaveLength(1);
  });
});
