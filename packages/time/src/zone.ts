/**
 * Wall clock ↔ instant for IANA zones with Intl alone (no time-zone dependency).
 *
 * Local dates are "day numbers" (days since 1970-01-01 on the wall calendar); a local time is a
 * day number and a minute of that day. Per (zone, day) we cache the offset before and after the
 * day's transition, if it has one, so a conversion costs a Map lookup once a day has been seen.
 *
 * THE RULE for wall times that do not name exactly one instant (Temporal's `compatible`
 * disambiguation, which calendars also follow):
 * - a wall time that does not exist (in a spring-forward gap) moves forward by the length of the
 *   gap: New York 2026-03-08 02:30 is 03:30 EDT (07:30Z);
 * - a wall time that happens twice (in a fall-back overlap) is its earlier instant:
 *   London 2026-10-25 01:30 is 01:30 BST (00:30Z), not 01:30 GMT.
 * Every other wall time has exactly one instant and gets it.
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

/**
 * The UTC instant (ms) of a wall-clock time: local day `day`, `minute` of it (0…1440; 1440 is the
 * next day's midnight). A time in a gap moves forward by the gap, a repeated time takes its
 * earlier instant (see the rule at the top of this file).
 */
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
