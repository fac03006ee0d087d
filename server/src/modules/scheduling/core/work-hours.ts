import { localToUtc, weekdayOf } from '@cliniclick/time';

/** Pure: a doctor's weekly wall-clock rules and dated exceptions → work intervals in UTC. */

export type Mode = 'in_person' | 'online';

/** A weekly rule in the clinic's local time; minutes of the day, end exclusive (1440 = midnight). */
export interface WeeklyRule {
  weekday: number;
  start: number;
  end: number;
  mode: Mode;
  roomId: string | null;
}

export type ExceptionKind = 'time_off' | 'closure' | 'extra';

/**
 * A dated exception, inclusive local day numbers. `time_off` (the doctor) and `closure` (the
 * whole clinic) remove time, `extra` adds it. Null start/end means the whole day.
 */
export interface DatedException {
  kind: ExceptionKind;
  fromDay: number;
  toDay: number;
  start: number | null;
  end: number | null;
  mode: Mode | null;
  roomId: string | null;
}

export interface WorkInterval {
  /** The local day the interval belongs to. */
  day: number;
  start: number;
  end: number;
  mode: Mode;
  roomId: string | null;
}

interface LocalPiece {
  start: number;
  end: number;
  mode: Mode;
  roomId: string | null;
}

function subtract(pieces: LocalPiece[], cut: { start: number; end: number }): LocalPiece[] {
  const out: LocalPiece[] = [];
  for (const p of pieces) {
    if (cut.end <= p.start || cut.start >= p.end) {
      out.push(p);
      continue;
    }
    if (cut.start > p.start) out.push({ ...p, end: cut.start });
    if (cut.end < p.end) out.push({ ...p, start: cut.end });
  }
  return out;
}

/** Same mode and room, touching or overlapping: one interval (an extra that extends a rule). */
function mergeLike(pieces: LocalPiece[]): LocalPiece[] {
  const sorted = [...pieces].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: LocalPiece[] = [];
  for (const p of sorted) {
    let prev: LocalPiece | undefined;
    for (const q of out) if (q.mode === p.mode && q.roomId === p.roomId) prev = q;
    if (prev && p.start <= prev.end) prev.end = Math.max(prev.end, p.end);
    else out.push({ ...p });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The local wall-clock pieces of work on one day (before conversion to UTC). */
export function localWorkOfDay(
  day: number,
  rules: readonly WeeklyRule[],
  exceptions: readonly DatedException[],
) {
  const weekday = weekdayOf(day);
  let pieces: LocalPiece[] = [];
  for (const r of rules) {
    if (r.weekday === weekday && r.end > r.start)
      pieces.push({ start: r.start, end: r.end, mode: r.mode, roomId: r.roomId });
  }
  const todays = exceptions.filter((e) => e.fromDay <= day && day <= e.toDay);
  for (const e of todays) {
    if (e.kind === 'extra' && e.start !== null && e.end !== null && e.end > e.start) {
      pieces.push({ start: e.start, end: e.end, mode: e.mode ?? 'in_person', roomId: e.roomId });
    }
  }
  pieces = mergeLike(pieces);
  // Time off and closures win over rules and extra hours alike.
  for (const e of todays) {
    if (e.kind === 'extra') continue;
    pieces = subtract(pieces, { start: e.start ?? 0, end: e.end ?? 1440 });
  }
  return pieces;
}

function touches(exceptions: readonly DatedException[], day: number): boolean {
  for (const e of exceptions) if (e.fromDay <= day && day <= e.toDay) return true;
  return false;
}

/** Work intervals (UTC ms) for local days fromDay…toDay inclusive, sorted by start. */
export function workIntervals(input: {
  timeZone: string;
  fromDay: number;
  toDay: number;
  rules: readonly WeeklyRule[];
  exceptions: readonly DatedException[];
}): WorkInterval[] {
  const out: WorkInterval[] = [];
  const exceptions = input.exceptions.filter((e) => e.toDay >= input.fromDay && e.fromDay <= input.toDay);
  // A day without exceptions is its weekday's rules: worked out once per weekday, not per day.
  const plain = new Map<number, LocalPiece[]>();
  for (let day = input.fromDay; day <= input.toDay; day++) {
    let pieces: LocalPiece[];
    if (touches(exceptions, day)) {
      pieces = localWorkOfDay(day, input.rules, exceptions);
    } else {
      const weekday = weekdayOf(day);
      pieces = plain.get(weekday) ?? localWorkOfDay(day, input.rules, []);
      plain.set(weekday, pieces);
    }
    for (const p of pieces) {
      const start = localToUtc(input.timeZone, day, p.start);
      const end = localToUtc(input.timeZone, day, p.end);
      // A piece that lies wholly in a spring-forward gap has no real time.
      if (end > start) out.push({ day, start, end, mode: p.mode, roomId: p.roomId });
    }
  }
  // Days come in order and each day's pieces are sorted; a piece past midnight (a DST edge) is not.
  for (let i = 1; i < out.length; i++) {
    if (out[i - 1]!.start > out[i]!.start) return out.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  return out;
}

/** True when [start, end) lies inside one of the intervals. */
export function insideAny(intervals: readonly { start: number; end: number }[], start: number, end: number) {
  return intervals.some((w) => w.start <= start && end <= w.end);
}
