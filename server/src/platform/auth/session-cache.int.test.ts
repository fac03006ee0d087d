import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestAdmin,
  createTestClinic,
  describeEachDb,
  login,
  sqlFromOutside,
  startTestApp,
  type TestApp,
  testDatabaseUrl,
} from '../../test/harness.ts';
import type { AccessChange } from '../db/access-listener.ts';
import { systemActor } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import { IDLE_TTL_MS } from './sessions.ts';

async function metric(t: TestApp, name: string): Promise<number> {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

const get = (t: TestApp, url: string, auth: { authorization: string }) =>
  t.app.inject({ method: 'GET', url, headers: auth });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The answer to a request made right after a change. PGlite hears its notifications with the
 * COMMIT that sends them; a PostgreSQL server sends them to the listener an instant after it,
 * so there the request is repeated for up to half a second (the cache's TTL is 5 s and the test
 * clock stands still: only the change can end a cached answer).
 */
async function answerAfterChange(t: TestApp, url: string, auth: { authorization: string }, refused: number) {
  const started = performance.now();
  let res = await get(t, url, auth);
  while (t.kind === 'postgres' && res.statusCode !== refused && performance.now() - started < 500) {
    await sleep(2);
    res = await get(t, url, auth);
  }
  return res;
}

describeEachDb('session cache', (t) => {
  it('serves repeated requests from the cache', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.secretary);
    const url = `/api/v1/clinics/${c.id}/staff`;
    // On PostgreSQL other test files change access meanwhile, and an access change during a lookup
    // keeps that lookup's answer out of the cache (it may be stale): ask until an answer is cached.
    for (let tries = 0; tries < 20; tries++) {
      const warm = await metric(t(), 'session_cache_hits');
      expect((await get(t(), url, s.auth)).statusCode).toBe(200);
      if ((await metric(t(), 'session_cache_hits')) > warm) break;
    }
    const before = await metric(t(), 'session_cache_hits');
    for (let i = 0; i < 3; i++) expect((await get(t(), url, s.auth)).statusCode).toBe(200);
    expect(await metric(t(), 'session_cache_hits')).toBe(before + 3);
  });

  it('a cached session is cut at once by logout, and by revocation written straight to the database', async () => {
    const c = await createTestClinic(t());
    const a = await login(t(), c.doctor);
    expect((await get(t(), '/api/v1/me', a.auth)).statusCode).toBe(200);
    const out = await t().app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.auth });
    expect(out.statusCode).toBe(204);
    expect((await get(t(), '/api/v1/me', a.auth)).statusCode).toBe(401);

    const b = await login(t(), c.doctor);
    expect((await get(t(), '/api/v1/me', b.auth)).statusCode).toBe(200);
    // Outside any app transaction (an operator's maintenance): still seen.
    await t()
      .db.owner.updateTable('sessions')
      .set({ revoked_at: new Date(), revoked_reason: 'operator' })
      .where('user_id', '=', c.doctor.id)
      .execute();
    expect((await get(t(), '/api/v1/me', b.auth)).statusCode).toBe(401);
  });

  it('cached clinic access is cut at once by staff removal, suspension and a disabled account', async () => {
    const c = await createTestClinic(t());
    const owner = await login(t(), c.owner);
    const doc = await login(t(), c.doctor);
    const sec = await login(t(), c.secretary);
    const url = `/api/v1/clinics/${c.id}/staff`;
    for (const s of [doc, sec]) expect((await get(t(), url, s.auth)).statusCode).toBe(200);

    const removed = await t().app.inject({
      method: 'DELETE',
      url: `${url}/${c.doctor.id}`,
      headers: owner.auth,
    });
    expect(removed.statusCode).toBe(204);
    expect((await get(t(), url, doc.auth)).statusCode).toBe(404);

    // A change made by any code path through the app's transactions, here a plain update.
    await withGlobal(t().db, systemActor, (tx) =>
      tx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', c.secretary.id).execute(),
    );
    expect((await get(t(), url, sec.auth)).statusCode).toBe(401);

    expect((await get(t(), url, owner.auth)).statusCode).toBe(200);
    const admin = await login(t(), await createTestAdmin(t()));
    const suspended = await t().app.inject({
      method: 'POST',
      url: `/api/v1/admin/clinics/${c.id}/suspend`,
      headers: admin.auth,
      payload: { reason: 'unpaid' },
    });
    expect(suspended.statusCode).toBe(200);
    expect((await get(t(), url, owner.auth)).json().code).toBe('clinic_suspended');
  });

  it('changes made by raw SQL on another connection (as psql or the CLI would) cut cached access', async () => {
    const c = await createTestClinic(t());
    const [owner, doc, sec, pat] = [
      await login(t(), c.owner),
      await login(t(), c.doctor),
      await login(t(), c.secretary),
      await login(t(), c.patient),
    ];
    const staff = `/api/v1/clinics/${c.id}/staff`;
    for (const [url, s] of [
      ['/api/v1/me', pat],
      [staff, doc],
      ['/api/v1/me', sec],
      [staff, owner],
    ] as const) {
      for (let i = 0; i < 2; i++) expect((await get(t(), url, s.auth)).statusCode).toBe(200);
    }
    const hits = await metric(t(), 'session_cache_hits');
    expect(hits).toBeGreaterThanOrEqual(4);

    await sqlFromOutside(
      t(),
      `update sessions set revoked_at = now(), revoked_reason = 'operator' where user_id = $1`,
      [c.patient.id],
    );
    const revoked = await answerAfterChange(t(), '/api/v1/me', pat.auth, 401);
    expect([revoked.statusCode, revoked.json().code]).toEqual([401, 'session_revoked']);

    await sqlFromOutside(
      t(),
      `update memberships set status = 'removed', removed_at = now() where clinic_id = $1 and user_id = $2`,
      [c.id, c.doctor.id],
    );
    expect((await answerAfterChange(t(), staff, doc.auth, 404)).statusCode).toBe(404);

    await sqlFromOutside(t(), `update users set status = 'disabled' where id = $1`, [c.secretary.id]);
    const disabled = await answerAfterChange(t(), '/api/v1/me', sec.auth, 401);
    expect([disabled.statusCode, disabled.json().code]).toEqual([401, 'account_disabled']);

    await sqlFromOutside(t(), `update clinics set status = 'suspended' where id = $1`, [c.id]);
    const suspended = await answerAfterChange(t(), staff, owner.auth, 403);
    expect([suspended.statusCode, suspended.json().code]).toEqual([403, 'clinic_suspended']);
    // And they stay refused.
    expect((await get(t(), '/api/v1/me', pat.auth)).statusCode).toBe(401);
    expect((await get(t(), staff, doc.auth)).statusCode).toBe(404);
  });

  it("a session's last-seen touch keeps the cache: no access change, the next request is a hit", async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.doctor);
    expect((await get(t(), '/api/v1/me', s.auth)).statusCode).toBe(200);
    const heard: AccessChange[] = [];
    const stop = t().db.accessListener.onChange((ch) => heard.push(ch));
    const before = {
      version: await metric(t(), 'access_version'),
      own: await metric(t(), 'access_own_changes'),
    };
    t().clock.advance(61_000); // past the touch interval (and the cached answer's TTL)
    expect((await get(t(), '/api/v1/me', s.auth)).statusCode).toBe(200);
    const row = await t()
      .db.owner.selectFrom('sessions')
      .select('last_seen_at')
      .where('user_id', '=', c.doctor.id)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at.getTime()).toBe(t().clock.now().getTime()); // the touch was written
    // On the shared server other test files change access meanwhile: any change that lands
    // while a lookup runs keeps that lookup out of the cache. So a hit within a few tries there;
    // the first try on a private database.
    const tries = t().kind === 'pglite' ? 1 : 5;
    let hit = false;
    for (let i = 0; i < tries && !hit; i++) {
      const hits = await metric(t(), 'session_cache_hits');
      expect((await get(t(), '/api/v1/me', s.auth)).statusCode).toBe(200);
      hit = (await metric(t(), 'session_cache_hits')) === hits + 1;
    }
    expect(hit).toBe(true);
    await sleep(20); // anything on its way has arrived
    stop();
    // The touch names no one (on the shared server a late notice from elsewhere may say "*").
    expect(
      heard.filter((ch) => ch.scopes.some((x) => x === `u:${c.doctor.id}` || x === `c:${c.id}`)),
    ).toEqual([]);
    if (t().kind === 'pglite') {
      expect(heard).toEqual([]);
      // A private database: nothing at all changed.
      expect(await metric(t(), 'access_version')).toBe(before.version);
      expect(await metric(t(), 'access_own_changes')).toBe(before.own);
    }
  });

  it('a cached session still ends on time', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.patient);
    expect((await get(t(), '/api/v1/me', s.auth)).statusCode).toBe(200);
    t().clock.advance(IDLE_TTL_MS + 1000);
    const res = await get(t(), '/api/v1/me', s.auth);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
  });
});

const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

// Two instances need two connections to one database server (PGlite is one in-process database).
describe.runIf(testDatabaseUrl)('session cache across instances [postgres]', () => {
  it("two instances on one database, each with its own cache and no Redis, see each other's changes", async () => {
    const a = await startTestApp('postgres');
    const b = await startTestApp('postgres');
    apps.push(a, b);
    const c = await createTestClinic(a);
    const [ownerA, ownerB] = [await login(a, c.owner), await login(b, c.owner)];
    const [doc, sec] = [await login(a, c.doctor), await login(b, c.secretary)];
    const url = `/api/v1/clinics/${c.id}/staff`;
    for (const t of [a, b])
      for (const s of [doc, sec])
        for (let i = 0; i < 2; i++) expect((await get(t, url, s.auth)).statusCode).toBe(200);

    const viaB = await b.app.inject({ method: 'DELETE', url: `${url}/${c.doctor.id}`, headers: ownerB.auth });
    expect(viaB.statusCode).toBe(204);
    expect((await get(b, url, doc.auth)).statusCode).toBe(404); // the writer at once
    expect((await answerAfterChange(a, url, doc.auth, 404)).statusCode).toBe(404);

    const viaA = await a.app.inject({
      method: 'DELETE',
      url: `${url}/${c.secretary.id}`,
      headers: ownerA.auth,
    });
    expect(viaA.statusCode).toBe(204);
    expect((await get(a, url, sec.auth)).statusCode).toBe(404);
    expect((await answerAfterChange(b, url, sec.auth, 404)).statusCode).toBe(404);
  });

  it('while the access listener is down the cache is bypassed (no stale answer), and used again once it is back', async () => {
    const a = await startTestApp('postgres', { accessListener: { reconnectMs: 60_000, pollMs: 60_000 } });
    apps.push(a);
    const c = await createTestClinic(a);
    const doc = await login(a, c.doctor);
    for (let i = 0; i < 2; i++) expect((await get(a, '/api/v1/me', doc.auth)).statusCode).toBe(200);
    expect(await metric(a, 'access_listener_up')).toBe(1);

    await sqlFromOutside(a, 'select pg_terminate_backend($1)', [a.db.accessListener.backendPid]);
    for (let i = 0; i < 200 && (await metric(a, 'access_listener_up')) !== 0; i++) await sleep(5);
    expect(await metric(a, 'access_listener_up')).toBe(0);

    // No notification can arrive now; the cached answer must not be used.
    await sqlFromOutside(
      a,
      `update sessions set revoked_at = now(), revoked_reason = 'operator' where user_id = $1`,
      [c.doctor.id],
    );
    const res = await get(a, '/api/v1/me', doc.auth);
    expect([res.statusCode, res.json().code]).toEqual([401, 'session_revoked']);

    const sec = await login(a, c.secretary);
    const [hits, bypassed] = [
      await metric(a, 'session_cache_hits'),
      await metric(a, 'session_cache_bypassed'),
    ];
    for (let i = 0; i < 3; i++) expect((await get(a, '/api/v1/me', sec.auth)).statusCode).toBe(200);
    expect(await metric(a, 'session_cache_hits')).toBe(hits);
    expect(await metric(a, 'session_cache_bypassed')).toBe(bypassed + 3);

    await a.db.accessListener.reconnectNow(); // what the reconnect timer would do
    expect(await metric(a, 'access_listener_up')).toBe(1);
    // Used again: the first lookup fills the cache, a later one hits it. Other test files change
    // access on the shared server meanwhile (a change during a lookup keeps it out of the cache),
    // so a hit within a few tries.
    for (let i = 0; i < 6 && (await metric(a, 'session_cache_hits')) === hits; i++)
      expect((await get(a, '/api/v1/me', sec.auth)).statusCode).toBe(200);
    expect(await metric(a, 'session_cache_hits')).toBeGreaterThan(hits);
  });
});
