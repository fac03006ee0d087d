import { describe, expect, it } from 'vitest';
import { JobRegistry } from './registry.ts';
import { nextRunAfter, specText, validateSpec } from './schedule.ts';

describe('schedules', () => {
  it('every: one period after the last run', () => {
    expect(nextRunAfter({ every: 60_000 }, new Date('2026-01-15T09:00:00Z')).toISOString()).toBe(
      '2026-01-15T09:01:00.000Z',
    );
  });

  it('cron: local wall-clock time in the schedule zone, across a DST change', () => {
    const daily = { cron: '30 2 * * *', timeZone: 'America/New_York' };
    // 02:30 New York is 07:30Z in winter and 06:30Z in summer.
    expect(nextRunAfter(daily, new Date('2026-03-06T12:00:00Z')).toISOString()).toBe(
      '2026-03-07T07:30:00.000Z',
    );
    // On 8 March 2026 02:30 does not exist there (02:00 → 03:00): it runs as the gap ends, once.
    expect(nextRunAfter(daily, new Date('2026-03-07T12:00:00Z')).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(nextRunAfter(daily, new Date('2026-03-08T07:00:00Z')).toISOString()).toBe(
      '2026-03-09T06:30:00.000Z',
    );
    // Monday to Friday at 08:00 UTC by default.
    expect(nextRunAfter({ cron: '0 8 * * 1-5' }, new Date('2026-01-16T08:00:00Z')).toISOString()).toBe(
      '2026-01-19T08:00:00.000Z',
    );
  });

  it('refuses a malformed spec and names clashes at boot', () => {
    expect(() => validateSpec('x', { cron: '* * *' })).toThrow(/5 fields/);
    expect(() => validateSpec('x', { cron: '61 * * * *' })).toThrow(/schedule "x"/);
    expect(() => validateSpec('x', { every: 0 })).toThrow(/positive/);
    expect(() => validateSpec('x', { cron: '0 8 * * *', timeZone: 'Mars/Olympus' })).toThrow();
    const run = async () => {};
    expect(
      () => new JobRegistry([{ jobs: [{ name: 'a.b', run }] }, { jobs: [{ name: 'a.b', run }] }]),
    ).toThrow(/defined twice/);
    expect(() => new JobRegistry([{ schedules: [{ name: 'Bad Name', every: 1, run }] }])).toThrow(/name/);
    expect(specText({ cron: '0 8 * * *' })).toBe('cron 0 8 * * * UTC');
  });
});
