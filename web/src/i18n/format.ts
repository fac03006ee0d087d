import { INTL_TAG, type Locale } from './plural';

/**
 * Dates, times, numbers and money for a locale, in a clinic's time zone and currency.
 * Everything goes through Intl, and a time is always the clinic's wall-clock time, whatever the
 * device's zone.
 *
 * One style per kind of place, so the same kind of thing reads the same on every screen:
 * - `time`      a time of day inside a day already shown (calendar, agenda, free times): 9:05 AM
 * - `dateTime`  a moment: a visit in a list, a dialog or a sentence, a log entry, an expiry:
 *               Mon, Mar 9, 2026, 9:05 AM
 * - `since`     the day something began or was made (joined, registered, created): Mar 9, 2026
 * - `day`       a calendar date with no zone, in the same style as `since` (a birth date)
 * - `date`      the one headline day (the home page's "today"): Monday, March 9, 2026
 *
 * Arabic is written `ar-u-nu-latn`: Arabic words and month names with Latin digits, as CLDR's own
 * `ar` now does and as phone numbers, times and prices are typed in the clinics we serve; pinning
 * it keeps one digit system on a screen whatever ICU the browser ships. Money in Arabic shows the
 * currency's Arabic sign when it has one (د.إ., ر.س.) and its Arabic name when the sign would be
 * Latin ("60.00 دولار أمريكي", not "US$ 60.00" turned around in a right-to-left line).
 */
export interface Formatter {
  date(d: Date | string): string;
  time(d: Date | string): string;
  dateTime(d: Date | string): string;
  since(d: Date | string): string;
  /** A calendar date with no time or zone (`YYYY-MM-DD`, e.g. a birth date). */
  day(isoDate: string): string;
  number(n: number): string;
  /** `minor` is in the currency's minor units (cents), as the API sends money. */
  money(minor: number): string;
  /** The hour of day in the clinic's zone (0–23), for greetings. */
  hour(d: Date): number;
  /** A time zone's name in words ("Gulf Standard Time", "توقيت الخليج"), else its IANA id. */
  zone(timeZone: string): string;
}

const cache = new Map<string, Formatter>();

/** A letter of the Arabic script: a currency sign with one reads right in an Arabic line. */
const ARABIC = /[\u0600-\u06ff]/;

function moneyFormat(tag: string, locale: Locale, currency: string): Intl.NumberFormat {
  const symbol = new Intl.NumberFormat(tag, { style: 'currency', currency });
  if (locale !== 'ar') return symbol;
  const sign = symbol.formatToParts(1).find((p) => p.type === 'currency')?.value ?? '';
  return ARABIC.test(sign)
    ? symbol
    : new Intl.NumberFormat(tag, { style: 'currency', currency, currencyDisplay: 'name' });
}

export function formatter(locale: Locale, timeZone: string, currency: string): Formatter {
  const key = `${locale}|${timeZone}|${currency}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const tag = INTL_TAG[locale];
  const date = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'full' });
  const time = new Intl.DateTimeFormat(tag, { timeZone, timeStyle: 'short' });
  const dateTime = new Intl.DateTimeFormat(tag, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  const since = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium' });
  const day = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', dateStyle: 'medium' });
  const hour = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  const number = new Intl.NumberFormat(tag);
  const money = moneyFormat(tag, locale, currency);
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  const asDate = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d);
  const f: Formatter = {
    date: (d) => date.format(asDate(d)),
    time: (d) => time.format(asDate(d)),
    dateTime: (d) => dateTime.format(asDate(d)),
    since: (d) => since.format(asDate(d)),
    day: (iso) => day.format(new Date(`${iso}T00:00:00Z`)),
    number: (n) => number.format(n),
    money: (minor) => money.format(minor / 10 ** digits),
    hour: (d) => Number(hour.format(d)),
    zone: (z) => zoneName(locale, z),
  };
  cache.set(key, f);
  return f;
}

/**
 * A zone's generic name in the language with its city: "Eastern Time (New York)". Intl names
 * no cities, so the city is the IANA id's (in Latin letters, isolated in an Arabic line by the
 * caller's <bdi>); a zone Intl has no words for ("GMT+04:00") is its id.
 */
export function zoneName(locale: Locale, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat(INTL_TAG[locale], {
      timeZone,
      timeZoneName: 'longGeneric',
    }).formatToParts(new Date());
    const name = parts.find((p) => p.type === 'timeZoneName')?.value;
    // Intl falls back to an offset ("GMT+04:00") for zones it has no words for: the id says more.
    if (!name || /\d/.test(name)) return timeZone;
    // The city's words never part at a line's end ("New" here, "York" on the next line).
    const city = timeZone.includes('/')
      ? timeZone.slice(timeZone.lastIndexOf('/') + 1).replace(/_/g, '\u00a0')
      : '';
    return city ? `${name} (${isolate(city)})` : name;
  } catch {
    return timeZone;
  }
}

/** A currency's name in the language ("US Dollar", "دولار أمريكي"); its code if Intl has none. */
export function currencyName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([INTL_TAG[locale]], { type: 'currency', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * First-strong isolates (U+2068 … U+2069) around a value: the `<bdi>` of places that take only a
 * string (a select's options, a zone's city in its name).
 */
export const isolate = (s: string): string => `\u2068${s}\u2069`;
