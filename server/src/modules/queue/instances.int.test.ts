import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../platform/events/index.ts';
import { LiveTestClient } from '../../platform/live/test-client.ts';
import { startTestApp, type TestApp, testDatabaseUrl } from '../../test/harness.ts';
import { redisUrlForTests } from '../../test/redis.ts';
import { appointmentAt, checkIn, queueClinic } from './test-fixture.ts';

const redisUrl = await redisUrlForTests();

/** Issue 13's check across instances: a check-in on A reaches the board open on B, through Redis. */
describe.skipIf(!testDatabaseUrl || !redisUrl)('the queue across two instances [postgres + redis]', () => {
  const apps: TestApp[] = [];
  const sockets: LiveTestClient[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const a of apps.splice(0).reverse()) await a.close();
  });

  it("a check-in on instance A appears on the board and the doctor's queue open on instance B", async () => {
    const a = await startTestApp('postgres', { events: await createEventBus({ redisUrl }) });
    const b = await startTestApp('postgres', { events: await createEventBus({ redisUrl }) });
    apps.push(a, b);
    const onB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    const q = await queueClinic(a);
    const appointment = await appointmentAt(a, q, '09:00', { name: 'Sara Ali' });
    const desk = await LiveTestClient.connect(onB, { token: q.sec.token });
    sockets.push(desk);
    desk.subscribe(q.c.id, 'queue');
    desk.subscribe(q.c.id, `queue/doctor/${q.c.doctor.id}`);
    await desk.waitFor((m) => m.op === 'subscribed' && m.topic === 'queue');
    await desk.waitFor((m) => m.op === 'subscribed' && m.topic !== 'queue');
    const entry = await checkIn(a, q, appointment);
    for (const topic of ['queue', `queue/doctor/${q.c.doctor.id}`]) {
      const got = await desk.waitFor((m) => m.op === 'event' && m.topic === topic);
      expect(got).toMatchObject({ clinicId: q.c.id, type: 'queue.changed', data: { entryId: entry.id } });
    }
  });
});
