import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisUrlForTests } from '../../test/redis.ts';
import type { DomainEvent, EventBus } from './bus.ts';
import { createEventBus, REDIS_CHANNEL_PREFIX, RedisEventBus } from './index.ts';

const redisUrl = await redisUrlForTests();

const event = (topic: string, data: unknown = {}): DomainEvent => ({
  topic,
  clinicId: '0190f3c2-0000-7000-8000-000000000001',
  type: 'appointment.confirmed',
  data,
  at: '2026-01-15T09:00:00.000Z',
});

/** A fresh topic per test, so runs and parallel files never see each other's events. */
const topic = () => `test:${randomBytes(6).toString('hex')}`;

/** Resolves with the events a handler got once `count` have arrived. */
function collector(count: number) {
  const got: DomainEvent[] = [];
  let resolve: (v: DomainEvent[]) => void = () => {};
  const done = new Promise<DomainEvent[]>((r) => {
    resolve = r;
  });
  const handler = (e: DomainEvent) => {
    got.push(e);
    if (got.length === count) resolve(got);
  };
  return { got, done, handler };
}

describe.skipIf(!redisUrl)('RedisEventBus', () => {
  const open: EventBus[] = [];
  const bus = async () => {
    const b = await createEventBus({ redisUrl });
    open.push(b);
    return b;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  it('delivers what one instance publishes to subscribers on another, and on itself', async () => {
    const [a, b] = [await bus(), await bus()];
    expect(a).toBeInstanceOf(RedisEventBus);
    const t = topic();
    const onA = collector(1);
    const onB = collector(1);
    await a.subscribe(t, onA.handler);
    await b.subscribe(t, onB.handler);
    await b.publish(event(t, { appointmentId: 'x', startsAt: '2026-01-16T10:00:00Z' }));
    expect(await onA.done).toEqual([event(t, { appointmentId: 'x', startsAt: '2026-01-16T10:00:00Z' })]);
    expect(await onB.done).toHaveLength(1);
  });

  it('stops delivery after unsubscribe, and keeps the other subscriptions of the topic', async () => {
    const [a, b] = [await bus(), await bus()];
    const t = topic();
    const sentinel = topic();
    const dropped = collector(1);
    const kept = collector(2);
    const unsubscribe = await a.subscribe(t, dropped.handler);
    await a.subscribe(t, kept.handler);
    const marker = collector(1);
    await a.subscribe(sentinel, marker.handler);

    await b.publish(event(t, { n: 1 }));
    await dropped.done;
    await unsubscribe();
    await b.publish(event(t, { n: 2 }));
    // Redis keeps one publisher's order: once the sentinel is here, event 2 has been handled.
    await b.publish(event(sentinel));
    await marker.done;
    expect((await kept.done).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(dropped.got.map((e) => e.data)).toEqual([{ n: 1 }]);
  });

  it('stops receiving a topic once its last handler unsubscribes', async () => {
    const [a, b] = [await bus(), await bus()];
    const t = topic();
    const sentinel = topic();
    const got: DomainEvent[] = [];
    const off = await a.subscribe(t, (e) => got.push(e));
    const marker = collector(1);
    await a.subscribe(sentinel, marker.handler);
    await off();
    await b.publish(event(t));
    await b.publish(event(sentinel));
    await marker.done;
    expect(got).toEqual([]);
  });

  it('keeps delivering to the others when a handler throws, and ignores junk on the channel', async () => {
    const [a, b] = [await bus(), await bus()];
    const t = topic();
    const ok = collector(2);
    await a.subscribe(t, () => {
      throw new Error('handler bug');
    });
    await a.subscribe(t, async () => {
      throw new Error('async handler bug');
    });
    await a.subscribe(t, ok.handler);
    const raw = new Redis(redisUrl!);
    try {
      await raw.publish(REDIS_CHANNEL_PREFIX + t, 'not json');
      await raw.publish(REDIS_CHANNEL_PREFIX + t, JSON.stringify(event('another-topic')));
    } finally {
      raw.disconnect();
    }
    await b.publish(event(t, { n: 1 }));
    await b.publish(event(t, { n: 2 }));
    expect((await ok.done).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('close() ends both connections and refuses further use', async () => {
    const name = `cliniclick-test-${randomBytes(4).toString('hex')}`;
    const a = new RedisEventBus(redisUrl!, { name });
    await a.connect();
    await a.subscribe(topic(), () => {});
    const raw = new Redis(redisUrl!);
    const mine = async () =>
      String(await raw.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=${name}-`)).length;
    try {
      expect(await mine()).toBe(2);
      await a.close();
      await expect.poll(mine, { timeout: 2000 }).toBe(0);
    } finally {
      raw.disconnect();
    }
    await expect(a.publish(event(topic()))).rejects.toThrow(/closed/);
    await expect(a.subscribe(topic(), () => {})).rejects.toThrow(/closed/);
    await a.close(); // twice is fine
  });
});

describe('createEventBus with an unreachable REDIS_URL', () => {
  it('fails at boot with one clear line', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    await expect(createEventBus({ redisUrl: `redis://:secret@127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`^cannot connect to Redis at 127\\.0\\.0\\.1:${port} \\(REDIS_URL\\): .*ECONNREFUSED`),
    );
  });
});
