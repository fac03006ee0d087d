import { describe, expect, it } from 'vitest';
import { byQueueOrder, partOfDay, wishFits } from './core.ts';

const zone = 'America/New_York';
const time = (iso: string) => ({
  doctorId: 'd1',
  startsAt: new Date(iso),
  endsAt: new Date(new Date(iso).getTime() + 30 * 60_000),
  timeZone: zone,
});
const wish = { doctorId: null, serviceId: 's', fromDate: '2026-03-01', toDate: '2026-03-31', parts: [] };

describe('waitlist rules', () => {
  it('splits the day at 12:00 and 17:00 local', () => {
    expect(partOfDay(0)).toBe('morning');
    expect(partOfDay(719)).toBe('morning');
    expect(partOfDay(720)).toBe('afternoon');
    expect(partOfDay(1019)).toBe('afternoon');
    expect(partOfDay(1020)).toBe('evening');
  });

  it('fits by doctor, local date range and part of day', () => {
    // 09:00 in New York on 10 March (after the DST change: UTC-4).
    const nineAm = time('2026-03-10T13:00:00Z');
    expect(wishFits(wish, nineAm)).toBe(true);
    expect(wishFits({ ...wish, doctorId: 'd2' }, nineAm)).toBe(false);
    expect(wishFits({ ...wish, doctorId: 'd1', parts: ['morning'] }, nineAm)).toBe(true);
    expect(wishFits({ ...wish, parts: ['afternoon', 'evening'] }, nineAm)).toBe(false);
    expect(wishFits({ ...wish, fromDate: '2026-03-11' }, nineAm)).toBe(false);
    // 23:30 local on 31 March is still the 31st locally although it is 1 April in UTC.
    expect(wishFits({ ...wish, parts: ['evening'] }, time('2026-04-01T03:30:00Z'))).toBe(true);
  });

  it('serves urgent first, then the longest waiting', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
    const q = [
      { id: 'a', priority: 0, createdAt: at(1) },
      { id: 'b', priority: 2, createdAt: at(5) },
      { id: 'c', priority: 0, createdAt: at(0) },
      { id: 'd', priority: 1, createdAt: at(9) },
    ].sort(byQueueOrder);
    expect(q.map((w) => w.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});
