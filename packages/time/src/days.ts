import { DAY_MS } from './zone.ts';

/**
 * Calendar dates without a zone. A local date is either a day number (days since 1970-01-01 on
 * the wall calendar, what the server computes with) or its ISO form `YYYY-MM-DD` (what the API
 * and the web app pass around). Both are pure arithmetic: no zone can shift a date to the day
 * before.
 */

export function dayFromIso(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

export function isoFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Whether `v` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(v: string | null | undefined): v is string {
  return !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && isoFromDay(dayFromIso(v)) === v;
}

/** The ISO date `n` days after `date` (before it when `n` is negative). */
export function addDays(date: string, n: number): string {
  return isoFromDay(dayFromIso(date) + n);
}

/** ISO weekday of an ISO date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOf(dayFromIso(date));
}

/** The Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** `date`, or `floor` when `date` is before it (ISO dates compare as strings). */
export function notBefore(date: string, floor: string): string {
  return date.localeCompare(floor) < 0 ? floor : date;
}

/** "HH:MM" → minutes of the day, as the work-hours API writes times. */
export function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Minutes of the day → "HH:MM" (1440 is "24:00", the end of a day). */
export function clockOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
