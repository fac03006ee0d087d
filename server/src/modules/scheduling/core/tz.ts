/**
 * Wall clock ↔ UTC for IANA zones with Intl alone (no time-zone dependency).
 *
 * Local dates are "day numbers" (days since 1970-01-01 on the wall calendar); a local time is a
 * day number and a minute of that day. Per (zone, day) we cache the offset before and after the
 * day's transition, if it has one, so a conversion costs a Map lookup once a day has been seen.
 * Nonexistent wall times (spring-forward gap) move forward by the gap; ambiguous ones
 * (fall-back) take the earlier instant — the `compatible` choice of Temporal and of most calendars.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in minutes (east positive), straight from Intl. */
export function offsetAt(zone: string, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    (p.hour ?? 0) % 24,
    p.minute,
    p.second,
  );
  const whole = Math.floor(utcMs / 1000) * 1000;
  return Math.round((asUtc - whole) / MINUTE_MS);
}

/** The offsets of one local day: `before` until `at` (a transition instant), `after` from it. */
interface DayOffsets {
  before: number;
  after: number;
  at: number | null;
}

const dayCache = new Map<string, Map<number, DayOffsets>>();
const DAY_CACHE_LIMIT = 20_000;

/**
 * Every instant of local day `day` lies within [day − 14 h, day + 1 d + 12 h] in UTC (offsets run
 * from −12 to +14 hours). We assume at most one transition in that 50-hour window, true of every
 * zone in the tz database since 1970 except for none we know of; the transition is found by
 * bisection to the minute.
 */
function dayOffsets(zone: string, day: number): DayOffsets {
  let days = dayCache.get(zone);
  if (!days) {
    days = new Map();
    dayCache.set(zone, days);
  }
  const hit = days.get(day);
  if (hit) return hit;
  let lo = day * DAY_MS - 14 * HOUR_MS;
  let hi = (day + 1) * DAY_MS + 12 * HOUR_MS;
  const before = offsetAt(zone, lo);
  const after = offsetAt(zone, hi);
  let info: DayOffsets = { before, after, at: null };
  if (before !== after) {
    while (hi - lo > MINUTE_MS) {
      const mid = Math.floor((lo + hi) / 2 / MINUTE_MS) * MINUTE_MS;
      if (mid <= lo) break;
      if (offsetAt(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    info = { before, after, at: hi };
  }
  if (days.size >= DAY_CACHE_LIMIT) days.clear();
  days.set(day, info);
  return info;
}

/** The UTC instant (ms) of a wall-clock time: local day `day`, `minute` of it (0…1440). */
export function localToUtc(zone: string, day: number, minute: number): number {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  const { before, after, at } = dayOffsets(zone, day);
  const early = wall - before * MINUTE_MS;
  if (at === null) return early;
  const late = wall - after * MINUTE_MS;
  const earlyValid = early < at;
  const lateValid = late >= at;
  if (earlyValid && lateValid) return Math.min(early, late); // fall-back: the first pass
  if (earlyValid) return early;
  if (lateValid) return late;
  return early; // spring-forward gap: `before` pushes it past the transition, i.e. later by the gap
}

/** The offset (minutes) at `utcMs`, for an instant known to lie in or next to local day `day`. */
export function offsetOn(zone: string, day: number, utcMs: number): number {
  const { before, after, at } = dayOffsets(zone, day);
  return at === null || utcMs < at ? before : after;
}

/** The local day and minute of an instant. */
export function utcToLocal(zone: string, utcMs: number): { day: number; minute: number } {
  const offset = offsetAt(zone, utcMs);
  const wall = utcMs + offset * MINUTE_MS;
  const day = Math.floor(wall / DAY_MS);
  return { day, minute: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
}

export function dayFromIso(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

export function isoFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let isoDay = Number.NaN;
let isoDayPrefix = '';

/**
 * `new Date(ms).toISOString()` for instants of years 1970–9999, several times faster: the date
 * part is worked out once per UTC day (answers list hundreds of slots on a few days), the time
 * from arithmetic. Anything else goes to Date.
 */
export function isoInstant(ms: number): string {
  if (!(ms >= 0 && ms < 253_402_300_800_000) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const m = Math.floor(rest / MINUTE_MS);
  rest -= m * MINUTE_MS;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${isoDayPrefix}${TWO[h]}:${TWO[m]}:${TWO[s]}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
