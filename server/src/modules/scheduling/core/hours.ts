import { isoFromDay, utcToLocal } from '@cliniclick/time';
import type { DatedException, WeeklyRule } from './work-hours.ts';
import { insideAny, workIntervals } from './work-hours.ts';

/** Pure helpers between the API's wall-clock strings and the engine's minutes and intervals. */

// "HH:MM" ↔ minutes is the time core's, shared with the web app.
export { clockOf as hhmmOf, minutesOf } from '@cliniclick/time';

/** Rules on the same weekday must not overlap: the first pair that does, or null. */
export function overlappingRules(rules: readonly WeeklyRule[]): [WeeklyRule, WeeklyRule] | null {
  const sorted = [...rules].sort((a, b) => a.weekday - b.weekday || a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.weekday === b.weekday && b.start < a.end) return [a, b];
  }
  return null;
}

export interface Placed {
  doctorId: string;
  mode: 'in_person' | 'online';
  startsAt: Date;
  endsAt: Date;
}

/**
 * The appointments (future, still to happen) that the given hours would leave outside work time.
 * Each is checked against its own doctor's intervals of the same mode on its local days.
 */
export function outsideHours<T extends Placed>(
  appointments: readonly T[],
  timeZone: string,
  rulesOf: (doctorId: string) => readonly WeeklyRule[],
  exceptionsOf: (doctorId: string) => readonly DatedException[],
): T[] {
  return appointments.filter((a) => {
    const fromDay = utcToLocal(timeZone, a.startsAt.getTime()).day - 1;
    const toDay = utcToLocal(timeZone, a.endsAt.getTime()).day + 1;
    const intervals = workIntervals({
      timeZone,
      fromDay,
      toDay,
      rules: rulesOf(a.doctorId),
      exceptions: exceptionsOf(a.doctorId),
    }).filter((w) => w.mode === a.mode);
    return !insideAny(intervals, a.startsAt.getTime(), a.endsAt.getTime());
  });
}

/** The local date range (ISO) covering an instant range, one day of margin on either side. */
export function localDatesAround(timeZone: string, from: Date, to: Date): { from: string; to: string } {
  const a = utcToLocal(timeZone, from.getTime()).day - 1;
  const b = utcToLocal(timeZone, to.getTime()).day + 1;
  return {
    from: isoFromDay(a),
    to: isoFromDay(b),
  };
}
