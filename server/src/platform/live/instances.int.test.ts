import { afterEach, describe, expect, it } from 'vitest';
import { createAppJobRunner } from '../../app.ts';
import { call } from '../../test/api.ts';
import {
  createTestClinic,
  sessionFor,
  startTestApp,
  type TestApp,
  testDatabaseUrl,
} from '../../test/harness.ts';
import { liveTestModules as modules } from '../../test/live-modules.ts';
import { redisUrlForTests } from '../../test/redis.ts';
import { createEventBus } from '../events/index.ts';
import { liveBusTopic } from './log.ts';
import { LiveTestClient } from './test-client.ts';

const redisUrl = await redisUrlForTests();

const post = (t: TestApp, token: string, clinicId: string, topic: string) =>
  call(t, { auth: { authorization: `Bearer ${token}` } }, 'POST', `/clinics/${clinicId}/livetest`, { topic });

/**
 * Several instances on one PostgreSQL and one Redis: an event written on one reaches sockets on
 * another; an event committed by an instance that died before publishing it is published by
 * whichever runner comes next.
 */
describe.skipIf(!testDatabaseUrl)('live topics across instances [postgres]', () => {
  const apps: TestApp[] = [];
  const sockets: LiveTestClient[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const a of apps.splice(0).reverse()) await a.close().catch(() => {});
  });

  it.skipIf(!redisUrl)(
    "a change on instance A reaches a socket on instance B, and no other clinic's socket",
    async () => {
      const a = await startTestApp('postgres', { modules, events: await createEventBus({ redisUrl }) });
      const b = await startTestApp('postgres', { modules, events: await createEventBus({ redisUrl }) });
      apps.push(a, b);
      const onB = await b.app.listen({ port: 0, host: '127.0.0.1' });
      const x = await createTestClinic(a);
      const y = await createTestClinic(a);
      const xSec = await LiveTestClient.connect(onB, { token: (await sessionFor(b, x.secretary.id)).token });
      const ySec = await LiveTestClient.connect(onB, { token: (await sessionFor(b, y.secretary.id)).token });
      sockets.push(xSec, ySec);
      xSec.subscribe(x.id, 'livetest');
      ySec.subscribe(y.id, 'livetest');
      ySec.subscribe(x.id, 'livetest');
      await xSec.waitFor((m) => m.op === 'subscribed');
      await ySec.waitFor((m) => m.op === 'subscribed');
      await ySec.waitFor((m) => m.op === 'denied');
      const res = await post(a, (await sessionFor(a, x.owner.id)).token, x.id, 'livetest');
      expect(res.statusCode).toBe(200);
      const got = await xSec.waitFor((m) => m.op === 'event');
      expect(got).toMatchObject({
        clinicId: x.id,
        topic: 'livetest',
        type: 'livetest.happened',
        data: { n: 1 },
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(ySec.events('livetest')).toEqual([]);
    },
  );

  it('an event committed by an instance killed before publishing it reaches sockets after a runner restarts', async () => {
    // A: commits, but its runner is gone (as if the process died right after COMMIT).
    const a = await startTestApp('postgres', { modules });
    apps.push(a);
    await a.jobs.stop();
    const x = await createTestClinic(a);
    const ownerToken = (await sessionFor(a, x.owner.id)).token;
    const b = await startTestApp('postgres', { modules }); // runner not polling yet
    apps.push(b);
    const onB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    const sec = await LiveTestClient.connect(onB, { token: (await sessionFor(b, x.secretary.id)).token });
    sockets.push(sec);
    sec.subscribe(x.id, 'livetest');
    await sec.waitFor((m) => m.op === 'subscribed');
    expect((await post(a, ownerToken, x.id, 'livetest')).statusCode).toBe(200);
    await a.app.close(); // "killed"
    await new Promise((r) => setTimeout(r, 200));
    expect(sec.events('livetest')).toEqual([]);
    // B's runner polls (a restarted process): the event is published and reaches the socket.
    b.jobs.start();
    const got = await sec.waitFor((m) => m.op === 'event');
    expect(got).toMatchObject({ topic: 'livetest', data: { n: 1 } });
  });
});

describe('live topics after a restart [pglite]', () => {
  it('an event committed while no runner ran is delivered once one starts', async () => {
    const t = await startTestApp('pglite', { modules });
    try {
      await t.jobs.stop();
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const x = await createTestClinic(t);
      const sec = await LiveTestClient.connect(base, { token: (await sessionFor(t, x.secretary.id)).token });
      sec.subscribe(x.id, 'livetest');
      await sec.waitFor((m) => m.op === 'subscribed');
      expect((await post(t, (await sessionFor(t, x.owner.id)).token, x.id, 'livetest')).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(sec.events('livetest')).toEqual([]);
      const restarted = createAppJobRunner(t.deps, { modules, pollMs: 20 });
      restarted.start();
      try {
        await sec.waitFor((m) => m.op === 'event');
      } finally {
        await restarted.stop();
        sec.close();
      }
    } finally {
      await t.close();
    }
  });
});

describe('live topics when publishing reorders events [pglite]', () => {
  it('sends each number once and in order, filling a gap from the log', async () => {
    const t = await startTestApp('pglite', { modules });
    try {
      await t.jobs.stop(); // events are published by hand below, second one first
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const x = await createTestClinic(t);
      const sec = await LiveTestClient.connect(base, { token: (await sessionFor(t, x.secretary.id)).token });
      sec.subscribe(x.id, 'livetest');
      const start = (await sec.waitFor((m) => m.op === 'subscribed')).last!;
      const owner = (await sessionFor(t, x.owner.id)).token;
      await post(t, owner, x.id, 'livetest');
      await post(t, owner, x.id, 'livetest');
      const second = {
        topic: liveBusTopic(x.id, 'livetest'),
        clinicId: x.id,
        type: 'livetest.happened',
        data: { n: 1 },
        at: new Date().toISOString(),
        seq: start + 2,
      };
      await t.deps.events.publish(second);
      await t.deps.events.publish(second); // and again (at least once)
      await sec.waitFor((m) => m.op === 'event' && m.seq === start + 2);
      expect(sec.events('livetest').map((m) => m.seq)).toEqual([start + 1, start + 2]);
      sec.close();
    } finally {
      await t.close();
    }
  });
});
