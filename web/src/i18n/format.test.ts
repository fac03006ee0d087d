import { describe, expect, it } from 'vitest';
import { formatter } from './format';

/**
 * Intl puts direction marks around Arabic text and no-break spaces between amount and currency;
 * the words and digits are what a reader sees.
 */
const plain = (s: string) => s.replace(/[\u200e\u200f\u061c]/g, '').replace(/[\u00a0\u202f]/g, ' ');

const AT = '2026-03-09T13:05:00Z';

describe('dates and times in the clinic’s zone', () => {
  it('English: the clinic’s wall-clock time, whatever the device’s zone', () => {
    const ny = formatter('en', 'America/New_York', 'USD');
    expect(plain(ny.time(AT))).toBe('9:05 AM');
    expect(ny.date(AT)).toBe('Monday, March 9, 2026');
    expect(plain(ny.dateTime(new Date(AT)))).toBe('Mar 9, 2026, 9:05 AM');
    expect(ny.hour(new Date(AT))).toBe(9);
    const dubai = formatter('en', 'Asia/Dubai', 'AED');
    expect(plain(dubai.time(AT))).toBe('5:05 PM');
    expect(dubai.hour(new Date(AT))).toBe(17);
  });

  it('across a DST change the same UTC hour reads an hour apart', () => {
    const ny = formatter('en', 'America/New_York', 'USD');
    expect(plain(ny.time('2026-03-07T14:00:00Z'))).toBe('9:00 AM');
    expect(plain(ny.time('2026-03-09T14:00:00Z'))).toBe('10:00 AM');
  });

  it('a date at the edge of a day belongs to the clinic’s day, not UTC’s', () => {
    // 03:30Z on the 10th is still the 9th in New York.
    expect(formatter('en', 'America/New_York', 'USD').date('2026-03-10T03:30:00Z')).toBe(
      'Monday, March 9, 2026',
    );
  });

  it('Arabic: Arabic day and month names and its own AM/PM marker', () => {
    const ar = formatter('ar', 'America/New_York', 'USD');
    expect(plain(ar.date(AT))).toContain('الاثنين');
    expect(plain(ar.date(AT))).toContain('مارس');
    expect(plain(ar.time(AT))).toMatch(/^(9|٩):(05|٠٥) ص$/);
    expect(ar.hour(new Date(AT))).toBe(9);
  });

  it('a calendar date with no zone (a birth date) never moves to the day before', () => {
    for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati']) {
      expect(formatter('en', zone, 'USD').day('2026-12-01')).toBe('Dec 1, 2026');
    }
    expect(plain(formatter('ar', 'Pacific/Honolulu', 'USD').day('2026-12-01'))).toMatch(
      /(01|٠١)\/(12|١٢)\/(2026|٢٠٢٦)/,
    );
  });
});

describe('money from minor units', () => {
  it('English: as many decimals as the currency has', () => {
    expect(formatter('en', 'UTC', 'USD').money(123456)).toBe('$1,234.56');
    expect(formatter('en', 'UTC', 'JPY').money(1500)).toBe('¥1,500');
    expect(plain(formatter('en', 'UTC', 'KWD').money(1234567))).toBe('KWD 1,234.567');
    expect(plain(formatter('en', 'UTC', 'AED').money(-250))).toBe('-AED 2.50');
    expect(formatter('en', 'UTC', 'USD').money(0)).toBe('$0.00');
  });

  it('Arabic: the currency’s Arabic sign and the same amount', () => {
    const kwd = plain(formatter('ar', 'UTC', 'KWD').money(1234567));
    expect(kwd).toContain('د.ك.');
    expect(kwd).toMatch(/1,234\.567|١٬٢٣٤٫٥٦٧/);
    expect(plain(formatter('ar', 'UTC', 'AED').money(-250))).toMatch(/-2\.50|؜?-٢٫٥٠/);
  });

  it('numbers', () => {
    expect(formatter('en', 'UTC', 'USD').number(1234.5)).toBe('1,234.5');
    expect(plain(formatter('ar', 'UTC', 'USD').number(1234.5))).toMatch(/1,234\.5|١٬٢٣٤٫٥/);
  });
});
