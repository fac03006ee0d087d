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
    expect(plain(ny.dateTime(new Date(AT)))).toBe('Mon, Mar 9, 2026, 9:05 AM');
    expect(ny.since(AT)).toBe('Mar 9, 2026');
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
    expect(plain(ar.time(AT))).toBe('9:05 ص');
    expect(ar.hour(new Date(AT))).toBe(9);
  });

  it('a calendar date with no zone (a birth date) never moves to the day before', () => {
    for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati']) {
      expect(formatter('en', zone, 'USD').day('2026-12-01')).toBe('Dec 1, 2026');
    }
    expect(plain(formatter('ar', 'Pacific/Honolulu', 'USD').day('2026-12-01'))).toBe('01/12/2026');
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

  it('Arabic: the currency’s Arabic sign and the same amount, in Latin digits', () => {
    const kwd = plain(formatter('ar', 'UTC', 'KWD').money(1234567));
    expect(kwd).toContain('د.ك.');
    expect(kwd).toContain('1,234.567');
    expect(plain(formatter('ar', 'UTC', 'AED').money(-250))).toMatch(/^-2\.50 د\.إ\.$/);
  });

  it('Arabic: a currency whose sign is Latin reads by its Arabic name, never "$US 60.00"', () => {
    const usd = plain(formatter('ar', 'UTC', 'USD').money(6000));
    expect(usd).toBe('60.00 دولار أمريكي');
    expect(usd).not.toMatch(/US|\$/);
    expect(plain(formatter('ar', 'UTC', 'EUR').money(6000))).toBe('60.00 يورو');
    // English keeps the sign.
    expect(formatter('en', 'UTC', 'USD').money(6000)).toBe('$60.00');
  });

  it('numbers', () => {
    expect(formatter('en', 'UTC', 'USD').number(1234.5)).toBe('1,234.5');
    expect(plain(formatter('ar', 'UTC', 'USD').number(1234.5))).toBe('1,234.5');
  });
});

describe('one style per kind of place', () => {
  it('a moment (a visit, a log entry) always carries its weekday, date and time; a record date only its date', () => {
    for (const locale of ['en', 'ar'] as const) {
      const f = formatter(locale, 'Asia/Dubai', 'AED');
      const moment = plain(f.dateTime(AT));
      expect(moment).toContain(plain(f.time(AT)));
      expect(moment).toContain(locale === 'en' ? 'Mon' : 'الاثنين');
      expect(plain(f.since(AT))).not.toContain(plain(f.time(AT)));
      // A record date and a calendar date read alike.
      expect(plain(f.since('2026-03-09T12:00:00Z'))).toBe(plain(f.day('2026-03-09')));
    }
    expect(plain(formatter('ar', 'Asia/Dubai', 'AED').dateTime(AT))).toBe('الاثنين، 9 مارس 2026، 5:05 م');
  });
});

describe('time-zone names in words', () => {
  it('a generic name with the city, in the reader’s language; an id when Intl has no words', () => {
    const bare = (s: string) => s.replace(/[\u2068\u2069]/g, '').replace(/\u00a0/g, ' ');
    expect(bare(formatter('en', 'UTC', 'USD').zone('Asia/Dubai'))).toBe('Gulf Standard Time (Dubai)');
    expect(bare(formatter('en', 'UTC', 'USD').zone('America/New_York'))).toBe('Eastern Time (New York)');
    // The Latin city is isolated inside the Arabic name, so its parentheses stay around it.
    expect(formatter('ar', 'UTC', 'USD').zone('Asia/Dubai')).toBe('توقيت الخليج (\u2068Dubai\u2069)');
    expect(formatter('ar', 'UTC', 'USD').zone('UTC')).toBe('UTC');
    expect(formatter('en', 'UTC', 'USD').zone('Not/AZone')).toBe('Not/AZone');
  });
});
