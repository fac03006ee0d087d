import { expect, it } from 'vitest';
import { accountFor } from '../../test/accounts.ts';
import { call, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import {
  createTestClinic,
  describeEachDb,
  login,
  randomIp,
  sessionFor,
  type TestApp,
} from '../../test/harness.ts';
import { sha256 } from './crypto.ts';
import { PASSWORD_RESET_JOB, RESET_TTL_MS } from './password-reset.ts';

const CHOSEN = 'amber kettle under a winter moon';

/** Waits until every queued reset job has run (the job sends the email after the 202). */
async function resetJobsDone(t: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const pending = await t.db.owner
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', PASSWORD_RESET_JOB)
      .where('status', '=', 'pending')
      .execute();
    if (pending.length === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('reset jobs did not finish');
}

const tokenFrom = (body: string | undefined) =>
  /\/app\/reset-password#token=([A-Za-z0-9_-]+)/.exec(body ?? '')?.[1];

describeEachDb('password reset by email', (t) => {
  const ask = (email: string, ip = randomIp()) =>
    t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email },
      remoteAddress: ip,
    });
  const complete = (token: string | undefined, newPassword = CHOSEN) =>
    t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token, newPassword },
      remoteAddress: randomIp(),
    });
  async function linkFor(email: string): Promise<string> {
    const res = await ask(email);
    expect(res.statusCode).toBe(202);
    await resetJobsDone(t());
    // The test clock stands still: pick the reset email among others queued at the same instant.
    const mails = await t()
      .db.owner.selectFrom('outbox')
      .select(['id', 'body'])
      .where('recipient', '=', email)
      .where('subject', '=', 'Choose a new Cliniclick password')
      .execute();
    const tokens = mails.map((m) => tokenFrom(m.body)).filter((x) => x !== undefined);
    const live = await t()
      .db.owner.selectFrom('password_resets')
      .select('token_hash')
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    const token = tokens.find((tk) => live.some((l) => Buffer.from(l.token_hash).equals(sha256(tk))));
    if (!token) throw new Error('no reset link');
    return token;
  }

  it('answers the same for a known and an unknown email; only the account’s mailbox gets a link', async () => {
    const c = await createTestClinic(t());
    const unknown = uniqueEmail();
    const known = await ask(c.doctor.email.toUpperCase());
    const stranger = await ask(unknown);
    expect([known.statusCode, known.body]).toEqual([stranger.statusCode, stranger.body]);
    expect(known.statusCode).toBe(202);
    await resetJobsDone(t());
    expect(await lastEmailTo(t(), unknown)).toBeUndefined();
    const mail = await lastEmailTo(t(), c.doctor.email);
    const token = tokenFrom(mail?.body);
    // 256 bits, in the fragment (never sent to a server), and only its hash is stored.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t()
      .db.owner.selectFrom('password_resets')
      .selectAll()
      .where('user_id', '=', c.doctor.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('sets the password once, signs out every session, and the new password signs in', async () => {
    const c = await createTestClinic(t());
    const sessions = [await login(t(), c.doctor), await sessionFor(t(), c.doctor.id)];
    const token = await linkFor(c.doctor.email);
    const res = await complete(token);
    expect(res.statusCode).toBe(204);
    for (const s of sessions) {
      const r = await call(t(), s, 'GET', '/me');
      expect([r.statusCode, r.json().code]).toEqual([401, 'session_revoked']);
    }
    await expect(login(t(), c.doctor)).rejects.toThrow(/401/);
    await login(t(), { email: c.doctor.email, password: CHOSEN });
    const again = await complete(token, 'another fine passphrase here');
    expect([again.statusCode, again.json().code]).toEqual([400, 'reset_invalid']);
  });

  it('lets exactly one of many simultaneous uses of a link through', async () => {
    const c = await createTestClinic(t());
    const token = await linkFor(c.secretary.email);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => complete(token, `${CHOSEN} number ${i}`)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 400, 400, 400, 400, 400, 400, 400]);
    const winner = results.findIndex((r) => r.statusCode === 204);
    await login(t(), { email: c.secretary.email, password: `${CHOSEN} number ${winner}` });
  });

  it('refuses an expired, superseded, malformed or made-up link with one answer', async () => {
    const c = await createTestClinic(t());
    const first = await linkFor(c.owner.email);
    const second = await linkFor(c.owner.email); // a newer request replaces the older link
    for (const token of [first, 'x'.repeat(43), 'short', `${second}x`]) {
      const r = await complete(token);
      expect([r.statusCode, r.json().code]).toEqual([400, 'reset_invalid']);
    }
    t().clock.advance(RESET_TTL_MS + 1000);
    try {
      const r = await complete(second);
      expect([r.statusCode, r.json().code]).toEqual([400, 'reset_invalid']);
    } finally {
      t().clock.advance(-(RESET_TTL_MS + 1000));
    }
  });

  it('keeps the link usable when the chosen password is refused, and names the reason', async () => {
    const c = await createTestClinic(t());
    const token = await linkFor(c.doctor.email);
    const local = c.doctor.email.split('@')[0]!;
    for (const [pw, code] of [
      ['password12', 'password_too_common'],
      [`${local}-is-my-password`, 'password_contains_personal_info'],
      ['tiny', 'password_too_short'],
    ]) {
      const r = await complete(token, pw);
      expect([r.statusCode, r.json().code, r.json().errors[0].field]).toEqual([400, code, 'newPassword']);
    }
    expect((await complete(token)).statusCode).toBe(204);
  });

  it('marks an unverified email verified: the link went only to that mailbox', async () => {
    const email = uniqueEmail();
    await accountFor(t(), email, 'an owner chose this one', { verified: false, name: 'Initial Pass' });
    const squatter = await login(t(), { email, password: 'an owner chose this one' });
    expect((await complete(await linkFor(email))).statusCode).toBe(204);
    const identity = await t()
      .db.owner.selectFrom('identities')
      .select('verified_at')
      .where('value', '=', email)
      .executeTakeFirstOrThrow();
    expect(identity.verified_at).not.toBeNull();
    expect((await call(t(), squatter, 'GET', '/me')).statusCode).toBe(401);
  });

  it('throttles per email (silently: same answer, no more mail) and per address (429)', async () => {
    const c = await createTestClinic(t());
    for (let i = 0; i < 3; i++) expect((await ask(c.owner.email)).statusCode).toBe(202);
    await resetJobsDone(t());
    const count = async () =>
      (await t().db.owner.selectFrom('outbox').select('id').where('recipient', '=', c.owner.email).execute())
        .length;
    const before = await count();
    expect(before).toBe(3);
    expect((await ask(c.owner.email)).statusCode).toBe(202);
    await resetJobsDone(t());
    expect(await count()).toBe(before);
    const ip = randomIp();
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push((await ask(uniqueEmail(), ip)).statusCode);
    expect(answers.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(answers[20]).toBe(429);
  });

  it('sends nothing for a phone-only patient or a disabled account, and makes no password', async () => {
    const c = await createTestClinic(t());
    await t()
      .db.owner.updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', c.secretary.id)
      .execute();
    expect((await ask(c.secretary.email)).statusCode).toBe(202);
    expect((await ask(c.patient.phone)).statusCode).toBe(400); // not an email at all
    await resetJobsDone(t());
    expect(await lastEmailTo(t(), c.secretary.email)).toBeUndefined();
    const rows = await t()
      .db.owner.selectFrom('password_resets')
      .select('id')
      .where('user_id', 'in', [c.secretary.id, c.patient.id])
      .execute();
    expect(rows).toEqual([]);
  });
});
