import { DAY_MS, dayFromIso } from '@cliniclick/time';
import { INTL_TAG } from '../../i18n/plural';

/** The Intl tag of a language code as the app passes it (`en`, `ar`). */
const tagOf = (locale: string) => (locale === 'ar' ? INTL_TAG.ar : INTL_TAG.en);

/**
 * Names of local dates and weekdays for the scheduling screens, in English or Arabic. A date here
 * is already the clinic's (`YYYY-MM-DD`, worked out by @cliniclick/time), so it is formatted as a
 * UTC date: no zone can shift it to the day before.
 */

const dayLabelCache = new Map<string, Intl.DateTimeFormat>();

/** A local date's name: "Tue, Dec 1" (short), "Tuesday, December 1" (long), "Tuesday", "Dec 1". */
export function dayLabel(
  day: string,
  locale: string,
  style: 'short' | 'long' | 'weekday' | 'date' = 'short',
): string {
  const key = `${locale}|${style}`;
  let f = dayLabelCache.get(key);
  if (!f) {
    const parts: Intl.DateTimeFormatOptions =
      style === 'weekday'
        ? { weekday: 'long' }
        : style === 'date'
          ? { day: 'numeric', month: 'short' }
          : { weekday: style, day: 'numeric', month: style };
    f = new Intl.DateTimeFormat(tagOf(locale), { timeZone: 'UTC', ...parts });
    dayLabelCache.set(key, f);
  }
  return f.format(new Date(dayFromIso(day) * DAY_MS + DAY_MS / 2));
}

/** Weekday names for the work-hours editor, Monday first (ISO 1…7). */
export function weekdayName(weekday: number, locale: string): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(tagOf(locale), {
    timeZone: 'UTC',
    weekday: 'long',
  }).format(new Date(Date.UTC(2024, 0, weekday, 12)));
}
