import { describe, expect, it } from 'vitest';
import {
  addDays,
  clockOf,
  hourMarks,
  instantAt,
  isIsoDate,
  isoWeekday,
  localTimeOf,
  minutesOf,
  mondayOf,
  notBefore,
  startOfDay,
  todayIn,
} from './index.ts';

describe('a clinic’s calendar in its own zone', () => {
  it('reads an instant as the clinic’s date and minute, whatever the device’s zone', () => {
    // 03:30Z is still the evening before in New York and already morning in Dubai.
    expect(localTimeOf('2026-06-02T03:30:00Z', 'America/New_York')).toEqual({
      day: '2026-06-01',
      minutes: 1410,
    });
    expect(localTimeOf(new Date('2026-06-02T03:30:00Z'), 'Asia/Dubai')).toEqual({
      day: '2026-06-02',
      minutes: 450,
    });
    expect(localTimeOf(Date.parse('2026-06-02T03:30:59.999Z'), 'UTC')).toEqual({
      day: '2026-06-02',
      minutes: 210,
    });
  });

  it('today is the clinic’s date at the given moment', () => {
    const now = new Date('2026-01-01T02:00:00Z');
    expect(todayIn('America/Los_Angeles', now)).toBe('2025-12-31');
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-01-01');
    expect(todayIn('UTC')).toBe(new Date().toISOString().slice(0, 10));
  });

  it('a day’s range runs from its first instant to the next day’s, 23 or 25 hours across DST', () => {
    const z = 'America/New_York';
    const span = (d: string) =>
      (startOfDay(addDays(d, 1), z).getTime() - startOfDay(d, z).getTime()) / 3_600_000;
    expect(startOfDay('2026-03-08', z).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(span('2026-03-08')).toBe(23);
    expect(span('2026-11-01')).toBe(25);
    expect(span('2026-06-01')).toBe(24);
    // São Paulo's clocks skipped midnight: the day began at 01:00.
    expect(startOfDay('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
  });

  it('a time past the end of the day is on the next day', () => {
    expect(instantAt('2026-06-01', 24 * 60, 'Europe/London').toISOString()).toBe('2026-06-01T23:00:00.000Z');
  });

  it('hour marks of a grid: whole hours, the gap hour labelled by the time the clocks jumped to', () => {
    const marks = hourMarks('2026-03-08', 90, 300, 'America/New_York');
    expect(marks.map((m) => m.minutes)).toEqual([120, 180, 240]);
    expect(marks.map((m) => m.at.toISOString())).toEqual([
      '2026-03-08T07:00:00.000Z', // 02:00 does not exist: 03:00 EDT
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T08:00:00.000Z',
    ]);
    expect(hourMarks('2026-06-01', 480, 480, 'UTC')).toEqual([]);
  });
});

describe('ISO dates', () => {
  it('weeks start on Monday', () => {
    expect(isoWeekday('2026-12-06')).toBe(7);
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('refuses dates that are not on the calendar', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
  });

  it('notBefore keeps a date from going into the past', () => {
    expect(notBefore('2026-05-01', '2026-05-03')).toBe('2026-05-03');
    expect(notBefore('2026-05-04', '2026-05-03')).toBe('2026-05-04');
  });

  it('clock times as the work-hours API writes them', () => {
    expect(minutesOf('09:30')).toBe(570);
    expect(clockOf(570)).toBe('09:30');
    expect(clockOf(1440)).toBe('24:00');
    for (let m = 0; m <= 1440; m += 7) expect(minutesOf(clockOf(m))).toBe(m);
  });
});
