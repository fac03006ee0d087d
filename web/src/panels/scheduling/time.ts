/**
 * Clinic wall-clock time. The calendar lays out days and hours in the clinic's time zone, whatever
 * the device's zone, so every position and range is worked out here from a zone name with Intl.
 * A "day" is a local calendar date as `YYYY-MM-DD`; minutes count from that day's midnight.
 */

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(zone, f);
  }
  return f;
}

/** The local day and minute of the day of an instant, in `zone`. */
export function zoneParts(at: Date | string, zone: string): { day: string; minutes: number } {
  const d = typeof at === 'string' ? new Date(at) : at;
  const p: Record<string, string> = {};
  for (const part of partsFormat(zone).formatToParts(d)) p[part.type] = part.value;
  return { day: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

const utcOf = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
};

/** The instant at `minutes` past local midnight of `day` in `zone` (two passes settle DST edges). */
export function zonedInstant(day: string, minutes: number, zone: string): Date {
  const wanted = utcOf(day) + minutes * MINUTE_MS;
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const seen = zoneParts(new Date(guess), zone);
    guess += wanted - (utcOf(seen.day) + seen.minutes * MINUTE_MS);
  }
  return new Date(guess);
}

export function todayIn(zone: string): string {
  return zoneParts(new Date(), zone).day;
}

export function addDays(day: string, n: number): string {
  return new Date(utcOf(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: string): number {
  return ((new Date(utcOf(day)).getUTCDay() + 6) % 7) + 1;
}

export function mondayOf(day: string): string {
  return addDays(day, 1 - weekdayOf(day));
}

export function isDay(v: string | null): v is string {
  return !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(utcOf(v));
}

/** "HH:MM" ↔ minutes, as the work-hours API writes times. */
export const clockOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export const minutesOf = (clock: string) => {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const dayLabelCache = new Map<string, Intl.DateTimeFormat>();
/**
 * A local day's name ("Tue 1 Dec", or Arabic). The day is already local, so it is formatted as a
 * UTC date: no zone can shift it to the day before.
 */
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
    f = new Intl.DateTimeFormat(locale === 'ar' ? 'ar' : 'en-US', { timeZone: 'UTC', ...parts });
    dayLabelCache.set(key, f);
  }
  return f.format(new Date(utcOf(day) + DAY_MS / 2));
}

/** Weekday names for the work-hours editor, Monday first (ISO 1…7). */
export function weekdayName(weekday: number, locale: string): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locale === 'ar' ? 'ar' : 'en-US', {
    timeZone: 'UTC',
    weekday: 'long',
  }).format(new Date(Date.UTC(2024, 0, weekday, 12)));
}

/** `day`, or `floor` when `day` is before it (ISO dates compare as strings). */
export const notBefore = (day: string, floor: string) => (day.localeCompare(floor) < 0 ? floor : day);
