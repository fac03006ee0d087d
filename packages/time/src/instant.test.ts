import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoInstant } from './index.ts';

describe('isoInstant', () => {
  it('writes exactly what Date#toISOString writes, for any instant', () => {
    const same = (ms: number) => {
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    };
    fc.assert(fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), same), { numRuns: 5_000 });
    // Neighbours share a day prefix: walk across midnights and millisecond edges.
    for (const base of [0, Date.UTC(2026, 2, 8), Date.UTC(2026, 11, 31, 23, 59, 59, 998)])
      for (let d = -3; d <= 3; d++) if (base + d >= 0) same(base + d);
    for (const ms of [-1, -86_400_001, 253_402_300_800_000, 1.5]) same(ms);
  });
});
