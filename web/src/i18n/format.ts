import type { Locale } from './plural';

/**
 * Dates, times, numbers and money for a locale, in a clinic's time zone and currency.
 * Everything goes through Intl, so Arabic gets its own digits, separators and month names, and a
 * time is always the clinic's wall-clock time, whatever the device's zone.
 */
export interface Formatter {
  date(d: Date | string): string;
  time(d: Date | string): string;
  dateTime(d: Date | string): string;
  /** A calendar date with no time or zone (`YYYY-MM-DD`, e.g. a birth date). */
  day(isoDate: string): string;
  number(n: number): string;
  /** `minor` is in the currency's minor units (cents), as the API sends money. */
  money(minor: number): string;
  /** The hour of day in the clinic's zone (0–23), for greetings. */
  hour(d: Date): number;
}

const cache = new Map<string, Formatter>();

export function formatter(locale: Locale, timeZone: string, currency: string): Formatter {
  const key = `${locale}|${timeZone}|${currency}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const tag = locale === 'ar' ? 'ar' : 'en-US';
  const date = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'full' });
  const time = new Intl.DateTimeFormat(tag, { timeZone, timeStyle: 'short' });
  const dateTime = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', dateStyle: 'medium' });
  const hour = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  const number = new Intl.NumberFormat(tag);
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency });
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  const asDate = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d);
  const f: Formatter = {
    date: (d) => date.format(asDate(d)),
    time: (d) => time.format(asDate(d)),
    dateTime: (d) => dateTime.format(asDate(d)),
    day: (iso) => day.format(new Date(`${iso}T00:00:00Z`)),
    number: (n) => number.format(n),
    money: (minor) => money.format(minor / 10 ** digits),
    hour: (d) => Number(hour.format(d)),
  };
  cache.set(key, f);
  return f;
}
