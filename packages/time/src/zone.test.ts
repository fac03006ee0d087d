import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromIso, isoFromDay, localToUtc, offsetAt, utcToLocal, weekdayOf } from './index.ts';

const at = (zone: string, date: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(localToUtc(zone, dayFromIso(date), (h ?? 0) * 60 + (m ?? 0))).toISOString();
};

describe('wall clock ↔ UTC', () => {
  it('New York spring forward: 02:30 does not exist and moves on by the gap', () => {
    expect(at('America/New_York', '2026-03-08', '01:30')).toBe('2026-03-08T06:30:00.000Z');
    expect(at('America/New_York', '2026-03-08', '02:30')).toBe('2026-03-08T07:30:00.000Z');
    expect(at('America/New_York', '2026-03-08', '03:00')).toBe('2026-03-08T07:00:00.000Z');
  });

  it('New York fall back: 01:30 happens twice, the first one is taken', () => {
    expect(at('America/New_York', '2026-11-01', '01:30')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('America/New_York', '2026-11-01', '02:00')).toBe('2026-11-01T07:00:00.000Z');
  });

  it('London: both changes at 01:00 UTC', () => {
    expect(at('Europe/London', '2026-03-29', '01:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(at('Europe/London', '2026-03-29', '09:00')).toBe('2026-03-29T08:00:00.000Z');
    expect(at('Europe/London', '2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('Europe/London', '2026-10-25', '09:00')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('half-hour zones: Kolkata (+05:30) and Adelaide (+10:30 → +09:30 on 5 April 2026)', () => {
    expect(at('Asia/Kolkata', '2026-06-01', '09:00')).toBe('2026-06-01T03:30:00.000Z');
    expect(at('Australia/Adelaide', '2026-04-04', '09:00')).toBe('2026-04-03T22:30:00.000Z');
    expect(at('Australia/Adelaide', '2026-04-05', '02:30')).toBe('2026-04-04T16:00:00.000Z');
    expect(at('Australia/Adelaide', '2026-04-05', '09:00')).toBe('2026-04-04T23:30:00.000Z');
  });

  it('a zone whose rules changed: São Paulo had DST (midnight skipped in 2018) and abolished it in 2019', () => {
    expect(at('America/Sao_Paulo', '2018-11-04', '00:00')).toBe('2018-11-04T03:00:00.000Z');
    expect(at('America/Sao_Paulo', '2018-11-04', '09:00')).toBe('2018-11-04T11:00:00.000Z');
    expect(at('America/Sao_Paulo', '2019-11-03', '00:00')).toBe('2019-11-03T03:00:00.000Z');
    expect(at('America/Sao_Paulo', '2019-11-03', '09:00')).toBe('2019-11-03T12:00:00.000Z');
  });

  it('round-trips every valid wall time, and agrees with Intl', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Asia/Kolkata',
      'Australia/Adelaide',
      'America/Sao_Paulo',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 40 * 365 * 1440 }),
        (zone, minutes) => {
          const utc = Date.UTC(2000, 0, 1) + minutes * 60_000;
          const local = utcToLocal(zone, utc);
          expect((utc + offsetAt(zone, utc) * 60_000 - local.day * 86_400_000) / 60_000).toBe(local.minute);
          const back = localToUtc(zone, local.day, local.minute);
          // Ambiguous wall times map to their first instant.
          expect(back === utc || back === utc - 3_600_000 || back === utc - 1_800_000).toBe(true);
          expect(utcToLocal(zone, back)).toEqual(local);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('day numbers and ISO weekdays', () => {
    expect(isoFromDay(dayFromIso('2026-12-01'))).toBe('2026-12-01');
    expect(weekdayOf(dayFromIso('2026-12-01'))).toBe(2); // a Tuesday
    expect(weekdayOf(dayFromIso('2026-12-06'))).toBe(7);
  });
});
