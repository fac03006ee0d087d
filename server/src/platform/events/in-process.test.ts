import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './bus.ts';
import { createEventBus, InProcessEventBus } from './index.ts';

const event = (topic: string, data: unknown = {}): DomainEvent => ({
  topic,
  clinicId: null,
  type: 'test.happened',
  data,
  at: '2026-01-15T09:00:00.000Z',
});

describe('InProcessEventBus', () => {
  it('delivers to the subscribers of the exact topic only', async () => {
    const bus = new InProcessEventBus();
    const a: DomainEvent[] = [];
    const b: DomainEvent[] = [];
    await bus.subscribe('clinic:1:queue', (e) => a.push(e));
    await bus.subscribe('clinic:2:queue', (e) => b.push(e));
    await bus.publish(event('clinic:1:queue', { n: 1 }));
    expect(a).toEqual([event('clinic:1:queue', { n: 1 })]);
    expect(b).toEqual([]);
    await bus.close();
  });

  it('hands out JSON copies, as Redis would', async () => {
    const bus = new InProcessEventBus();
    const got: DomainEvent[] = [];
    await bus.subscribe('t', (e) => got.push(e));
    const data = { when: new Date('2026-01-15T09:00:00Z'), list: [1] };
    await bus.publish(event('t', data));
    expect(got[0]?.data).toEqual({ when: '2026-01-15T09:00:00.000Z', list: [1] });
    expect(got[0]?.data).not.toBe(data);
    await bus.close();
  });

  it("keeps delivering to the others when one subscriber's handler throws or rejects", async () => {
    const warnings: object[] = [];
    const bus = new InProcessEventBus({ logger: { warn: (o) => warnings.push(o) } });
    const got: string[] = [];
    await bus.subscribe('t', () => {
      throw new Error('boom');
    });
    await bus.subscribe('t', async () => {
      throw new Error('async boom');
    });
    await bus.subscribe('t', (e) => got.push(e.type));
    await expect(bus.publish(event('t'))).resolves.toBeUndefined();
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['test.happened']);
    expect(warnings).toHaveLength(2);
    await bus.close();
  });

  it('stops delivering after unsubscribe, without touching other subscriptions of the topic', async () => {
    const bus = new InProcessEventBus();
    const got: string[] = [];
    const handler = (e: DomainEvent) => got.push(String((e.data as { n: number }).n));
    const first = await bus.subscribe('t', handler);
    await bus.subscribe('t', handler); // the same function twice: two subscriptions
    await bus.publish(event('t', { n: 1 }));
    await first();
    await first(); // idempotent
    await bus.publish(event('t', { n: 2 }));
    expect(got).toEqual(['1', '1', '2']);
    await bus.close();
    await expect(bus.publish(event('t'))).rejects.toThrow(/closed/);
  });

  it('is what createEventBus gives without REDIS_URL', async () => {
    const bus = await createEventBus({ redisUrl: undefined });
    expect(bus).toBeInstanceOf(InProcessEventBus);
    await bus.close();
  });
});
