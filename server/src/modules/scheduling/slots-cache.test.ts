import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import { SlotsCache } from './slots-cache.ts';

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

describe('slots cache', () => {
  it('keeps an answer for its TTL, per clinic, drops a clinic on demand, and never serves started slots', () => {
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const cache = new SlotsCache(clock, 2_000);
    cache.set('a', 'k', answer(['2026-06-01T09:00:01Z', '2026-06-01T10:00:00Z']));
    expect(cache.get('a', 'k')?.slots).toHaveLength(2);
    expect(cache.get('b', 'k')).toBeUndefined();
    clock.advance(1_500);
    expect(cache.get('a', 'k')?.slots.map((s) => s.start)).toEqual(['2026-06-01T10:00:00Z']);
    clock.advance(1_000);
    expect(cache.get('a', 'k')).toBeUndefined();
    cache.set('a', 'k', answer([]));
    cache.set('b', 'k', answer([]));
    cache.dropClinic('A');
    expect(cache.get('a', 'k')).toBeUndefined();
    expect(cache.get('b', 'k')).toBeDefined();
  });
});
