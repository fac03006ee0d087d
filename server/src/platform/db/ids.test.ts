import { describe, expect, it } from 'vitest';
import { isUuid, newId } from './ids.ts';

describe('newId', () => {
  it('makes UUIDv7s that sort by time and never repeat, across many pool refills', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => newId(1_700_000_000_000 + i));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect([...ids].sort()).toEqual(ids);
    // The random part differs between ids of the same millisecond.
    const same = Array.from({ length: 300 }, () => newId(1_700_000_000_000).slice(15));
    expect(new Set(same).size).toBe(same.length);
  });
});
