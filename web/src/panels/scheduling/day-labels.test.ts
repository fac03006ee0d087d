import { describe, expect, it } from 'vitest';
import { dayLabel, weekdayName } from './day-labels';

describe('names of the clinic’s dates', () => {
  it('English, in each style', () => {
    expect(dayLabel('2026-12-01', 'en')).toBe('Tue, Dec 1');
    expect(dayLabel('2026-12-01', 'en', 'long')).toBe('Tuesday, December 1');
    expect(dayLabel('2026-12-01', 'en', 'weekday')).toBe('Tuesday');
    expect(dayLabel('2026-12-01', 'en', 'date')).toBe('Dec 1');
  });

  it('Arabic day and month names', () => {
    expect(dayLabel('2026-12-01', 'ar', 'weekday')).toBe('الثلاثاء');
    expect(dayLabel('2026-12-01', 'ar', 'long')).toContain('ديسمبر');
  });

  it('the date never shifts, whatever the day (a DST change, a year’s end)', () => {
    expect(dayLabel('2026-03-08', 'en', 'date')).toBe('Mar 8');
    expect(dayLabel('2026-12-31', 'en', 'date')).toBe('Dec 31');
    expect(dayLabel('2027-01-01', 'en', 'weekday')).toBe('Friday');
  });

  it('weekday names, Monday first', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => weekdayName(d, 'en'))).toEqual([
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ]);
    expect(weekdayName(1, 'ar')).toBe('الاثنين');
    expect(weekdayName(7, 'ar')).toBe('الأحد');
  });
});
