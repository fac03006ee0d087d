import { dayFromIso, isoFromDay } from './days.ts';
import { localToUtc, utcToLocal } from './zone.ts';

/**
 * A clinic's calendar in its own zone, whatever the device's zone: ISO dates (`YYYY-MM-DD`) and
 * minutes since the local midnight on one side, instants on the other. Thin wrappers over
 * `zone.ts`, so the web app lays out days with the same rule the server books with.
 */

type InstantLike = Date | string | number;

const msOf = (at: InstantLike) =>
  typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();

/** The local date and minute of the day (0…1439) of an instant in `zone`. */
export function localTimeOf(at: InstantLike, zone: string): { day: string; minutes: number } {
  const { day, minute } = utcToLocal(zone, msOf(at));
  return { day: isoFromDay(day), minutes: minute };
}

/**
 * The instant at `minutes` past the local midnight of `date` in `zone`. A wall time in a
 * spring-forward gap moves forward by the gap; one that happens twice is its earlier instant.
 */
export function instantAt(date: string, minutes: number, zone: string): Date {
  return new Date(localToUtc(zone, dayFromIso(date), minutes));
}

/** The first instant of a local date (not always 00:00: São Paulo skipped midnight in 2018). */
export function startOfDay(date: string, zone: string): Date {
  return instantAt(date, 0, zone);
}

/** The local date in `zone` at `now` (the current time by default). */
export function todayIn(zone: string, now: InstantLike = Date.now()): string {
  return localTimeOf(now, zone).day;
}

/**
 * The whole hours of a calendar grid from `startMin` to before `endMin` on local date `date`,
 * each with the instant a label should show. An hour that does not exist that day (a
 * spring-forward gap) shows the time the clocks jumped to, by the same rule as everywhere.
 */
export function hourMarks(
  date: string,
  startMin: number,
  endMin: number,
  zone: string,
): Array<{ minutes: number; at: Date }> {
  const marks: Array<{ minutes: number; at: Date }> = [];
  for (let m = Math.ceil(startMin / 60) * 60; m < endMin; m += 60)
    marks.push({ minutes: m, at: instantAt(date, m, zone) });
  return marks;
}
