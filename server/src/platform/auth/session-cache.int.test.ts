import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestAdmin,
  createTestClinic,
  describeEachDb,
  login,
  startTestApp,
  type TestApp,
  testDatabaseUrl,
} from '../../test/harness.ts';
import { systemActor } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import { RedisEventBus } from '../events/redis.ts';
import { IDLE_TTL_MS } from './sessions.ts';

async function metric(t: TestApp, name: string): Promise<number> {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

const get = (t: TestApp, url: string, auth: { authorization: string }) =>
  t.app.inject({ method: 'GET', url, headers: auth });

describeEachDb('session cache', (t) => {
  it('serves repeated requests from the cache', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.secretary);
    const url = `/api/v1/clinics/${c.id}/staff`;
    expect((await get(t(), url, s.auth)).statusCode).toBe(200);
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

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

// Two instances need two connections to one database server (PGlite is one in-process database).
describe.runIf(testDatabaseUrl)('session cache across instances [postgres]', () => {
  it('a change committed on one instance reaches the cache of another through Redis', async () => {
    const [busA, busB] = [new RedisEventBus(redisUrl), new RedisEventBus(redisUrl)];
    await Promise.all([busA.connect(), busB.connect()]);
    const a = await startTestApp('postgres', { events: busA });
    const b = await startTestApp('postgres', { events: busB });
    apps.push(a, b);
    const c = await createTestClinic(a);
    const doc = await login(a, c.doctor);
    const owner = await login(b, c.owner);
    const url = `/api/v1/clinics/${c.id}/staff`;
    expect((await get(a, url, doc.auth)).statusCode).toBe(200); // now cached on A
    const removed = await b.app.inject({
      method: 'DELETE',
      url: `${url}/${c.doctor.id}`,
      headers: owner.auth,
    });
    expect(removed.statusCode).toBe(204);
    let status = 0;
    for (let i = 0; i < 50 && status !== 404; i++) {
      status = (await get(a, url, doc.auth)).statusCode;
      if (status !== 404) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(404);
  });
});
