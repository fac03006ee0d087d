import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.ts';
import type { PreparedJson } from '../../../platform/http/prepared-body.ts';
import { SlotsCache } from './cache.ts';

const answer = (starts: string[]) => ({
  timeZone: 'UTC',
  serviceId: '00000000-0000-4000-8000-000000000001',
  slots: starts.map((start) => ({
    doctorId: '00000000-0000-4000-8000-000000000002',
    start,
    end: start,
    recommended: false,
    mode: 'in_person' as const,
    roomId: null,
  })),
});

const read = (cache: SlotsCache, clinicId: string, key: string) => {
  const json = cache.get(clinicId, key);
  return json === undefined ? undefined : (JSON.parse(json.bytes.toString()) as ReturnType<typeof answer>);
};

describe('slots cache', () => {
  it('keeps an answer for its TTL, per clinic, drops a clinic on demand, and never serves started slots', () => {
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const cache = new SlotsCache(clock, 2_000);
    cache.set('a', 'k', answer(['2026-06-01T09:00:01Z', '2026-06-01T10:00:00Z']));
    expect(read(cache, 'a', 'k')?.slots).toHaveLength(2);
    expect(cache.get('b', 'k')).toBeUndefined();
    clock.advance(1_500);
    expect(read(cache, 'a', 'k')?.slots.map((s) => s.start)).toEqual(['2026-06-01T10:00:00Z']);
    expect(read(cache, 'a', 'k')?.slots).toHaveLength(1);
    clock.advance(1_000);
    expect(cache.get('a', 'k')).toBeUndefined();
    cache.set('a', 'k', answer([]));
    cache.set('b', 'k', answer([]));
    cache.dropClinic('A');
    expect(cache.get('a', 'k')).toBeUndefined();
    expect(cache.get('b', 'k')).toBeDefined();
  });

  it('with a TTL of 0 keeps nothing', () => {
    const cache = new SlotsCache(new ManualClock('2026-06-01T09:00:00Z'), 0);
    cache.set('a', 'k', answer(['2026-06-01T10:00:00Z']));
    expect(cache.get('a', 'k')).toBeUndefined();
  });

  it('lets concurrent askers of one question share one computation', async () => {
    const cache = new SlotsCache(new ManualClock('2026-06-01T09:00:00Z'), 2_000);
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return answer(['2026-06-01T10:00:00Z']);
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.answer('a', 'k', compute)));
    expect(runs).toBe(1);
    expect(new Set(answers).size).toBe(1); // the very same bytes
    expect(JSON.parse(answers[0]!.bytes.toString()).slots).toHaveLength(1);
    await cache.answer('a', 'k', compute);
    expect(runs).toBe(1);
    // Another question, another clinic: their own computations.
    await Promise.all([cache.answer('a', 'other', compute), cache.answer('b', 'k', compute)]);
    expect(runs).toBe(3);
  });

  it('never keeps, nor lends to later askers, an answer begun before its clinic was dropped', async () => {
    const cache = new SlotsCache(new ManualClock('2026-06-01T09:00:00Z'), 2_000);
    let release: () => void = () => {};
    const before = cache.answer('a', 'k', async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      return answer(['2026-06-01T10:00:00Z']);
    });
    await Promise.resolve();
    cache.dropClinic('a'); // a booking took 10:00 meanwhile
    const after = cache.answer('a', 'k', async () => answer(['2026-06-01T11:00:00Z']));
    release();
    expect(JSON.parse((await before).bytes.toString()).slots[0].start).toBe('2026-06-01T10:00:00Z');
    expect(JSON.parse((await after).bytes.toString()).slots[0].start).toBe('2026-06-01T11:00:00Z');
    expect(read(cache, 'a', 'k')?.slots[0]?.start).toBe('2026-06-01T11:00:00Z');
  });

  it('shares a failure with the askers it kept waiting, then tries again', async () => {
    const cache = new SlotsCache(new ManualClock('2026-06-01T09:00:00Z'), 2_000);
    const failing = async () => {
      await new Promise((r) => setTimeout(r, 1));
      throw new Error('doctor not found');
    };
    const results = await Promise.allSettled([
      cache.answer('a', 'k', failing),
      cache.answer('a', 'k', failing),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await cache.answer('a', 'k', async () => answer([]))).bytes.toString()).toContain('"slots":[]');
  });

  it('with a TTL of 0 computes every answer', async () => {
    const cache = new SlotsCache(new ManualClock('2026-06-01T09:00:00Z'), 0);
    let runs = 0;
    const compute = async () => {
      runs++;
      return answer([]);
    };
    await Promise.all([cache.answer('a', 'k', compute), cache.answer('a', 'k', compute)]);
    expect(runs).toBe(2);
  });

  it('sends an answer just past its TTL while one refresh runs, and waits for one past twice that', async () => {
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const cache = new SlotsCache(clock, 2_000);
    let version = 0;
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 2));
      version++;
      return answer([`2026-06-01T1${version}:00:00Z`]);
    };
    const first = (json: PreparedJson) => JSON.parse(json.bytes.toString()).slots[0].start;
    expect(first(await cache.answer('a', 'k', compute))).toBe('2026-06-01T11:00:00Z');
    clock.advance(2_500);
    const stale = await Promise.all([cache.answer('a', 'k', compute), cache.answer('a', 'k', compute)]);
    expect(stale.map(first)).toEqual(['2026-06-01T11:00:00Z', '2026-06-01T11:00:00Z']);
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(2);
    expect(first(await cache.answer('a', 'k', compute))).toBe('2026-06-01T12:00:00Z');
    clock.advance(4_001);
    expect(first(await cache.answer('a', 'k', compute))).toBe('2026-06-01T13:00:00Z');
    // A dropped clinic has nothing stale to send.
    clock.advance(2_500);
    cache.dropClinic('a');
    expect(first(await cache.answer('a', 'k', compute))).toBe('2026-06-01T14:00:00Z');
  });

  it('refreshes stale answers behind them two at a time, sending the stale ones meanwhile', async () => {
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const cache = new SlotsCache(clock, 2_000);
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    for (const k of keys) cache.set('a', k, answer(['2026-06-01T10:00:00Z']));
    clock.advance(2_500);
    let running = 0;
    let started = 0;
    const releases: Array<() => void> = [];
    const slow = async () => {
      started++;
      running++;
      await new Promise<void>((r) => releases.push(r));
      running--;
      return answer(['2026-06-01T11:00:00Z']);
    };
    const sent = await Promise.all(keys.map((k) => cache.answer('a', k, slow)));
    expect(sent.map((x) => JSON.parse(x.bytes.toString()).slots[0].start)).toEqual(
      keys.map(() => '2026-06-01T10:00:00Z'),
    );
    expect([started, running]).toEqual([2, 2]);
    for (const r of releases.splice(0)) r();
    await new Promise((r) => setTimeout(r, 1));
    await Promise.all(keys.map((k) => cache.answer('a', k, slow)));
    expect(started).toBe(4); // k1, k2 are fresh now; k3, k4 refresh; k5 waits for a turn
  });
});
