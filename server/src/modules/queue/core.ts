/**
 * The queue's pure rules: states, the order of a doctor's line, wait estimates from the clinic's
 * own consultation durations, arrival punctuality, the first free gap for a walk-in, and the
 * accuracy of past estimates. No I/O; the clock is an argument.
 */

export const ENTRY_STATES = ['waiting', 'called', 'in_consultation', 'done', 'checked_out', 'left'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

export const ENTRY_SOURCES = ['desk', 'self', 'walk_in', 'calendar'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

/** Entries still in the doctor's line (they have a position and an estimate). */
export const IN_LINE: readonly EntryState[] = ['waiting', 'called'];
/** Entries whose day at the clinic is over. */
export const FINISHED: readonly EntryState[] = ['done', 'checked_out', 'left'];

export type QueueAction = 'call' | 'return' | 'start' | 'finish' | 'check-out' | 'left';

/** The state an action leads to from `from`, or null when the action does not apply. */
export function nextState(from: EntryState, action: QueueAction): EntryState | null {
  switch (action) {
    case 'call':
      return from === 'waiting' ? 'called' : null;
    case 'return':
      return from === 'called' ? 'waiting' : null;
    case 'start':
      return from === 'waiting' || from === 'called' ? 'in_consultation' : null;
    case 'finish':
      return from === 'in_consultation' ? 'done' : null;
    case 'check-out':
      return from === 'done' ? 'checked_out' : null;
    case 'left':
      return from === 'waiting' || from === 'called' ? 'left' : null;
  }
}

export interface LineEntry {
  id: string;
  state: EntryState;
  urgent: boolean;
  rank: number;
  calledAt: Date | null;
  arrivedAt: Date;
}

/** Waiting entries in the order they are seen: urgent first, then rank. */
export function waitingOrder<T extends LineEntry>(entries: readonly T[]): T[] {
  return entries
    .filter((e) => e.state === 'waiting')
    .sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.rank - b.rank || a.id.localeCompare(b.id));
}

/** The doctor's line: the called (oldest call first), then the waiting in order. Position = index + 1. */
export function lineOf<T extends LineEntry>(entries: readonly T[]): T[] {
  const called = entries
    .filter((e) => e.state === 'called')
    .sort((a, b) => (a.calledAt?.getTime() ?? 0) - (b.calledAt?.getTime() ?? 0) || a.id.localeCompare(b.id));
  return [...called, ...waitingOrder(entries)];
}

/** The waiting ids after moving `id` to 1-based `position` (clamped to the line). */
export function movedOrder(orderedIds: readonly string[], id: string, position: number): string[] {
  const rest = orderedIds.filter((x) => x !== id);
  const at = Math.min(Math.max(position - 1, 0), rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

export interface Duration {
  doctorId: string;
  serviceId: string;
  /** When the consultation finished (newest first is how the estimate picks the recent ones). */
  finishedAt: Date;
  minutes: number;
}

/** How many recent consultations an estimate looks at, and how far back. */
export const ESTIMATE_SAMPLES = 20;
export const ESTIMATE_WINDOW_DAYS = 60;
export const FALLBACK_MINUTES = 15;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Minutes a consultation of this doctor and service is expected to last: the median of their last
 * 20 (within the window the caller read); else of the doctor's other services; else the service's
 * booked length; else 15. A median, not a mean: one forgotten "finish" must not skew the day.
 */
export function estimateMinutes(
  history: readonly Duration[],
  doctorId: string,
  serviceId: string,
  bookedMinutes: number | null,
): number {
  const recent = (xs: Duration[]) =>
    xs
      .sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime())
      .slice(0, ESTIMATE_SAMPLES)
      .map((d) => d.minutes);
  const own = history.filter((d) => d.doctorId === doctorId && d.minutes > 0);
  const same = recent(own.filter((d) => d.serviceId === serviceId));
  if (same.length > 0) return median(same);
  const any = recent([...own]);
  if (any.length > 0) return median(any);
  if (bookedMinutes !== null && bookedMinutes > 0) return bookedMinutes;
  return FALLBACK_MINUTES;
}

/**
 * Estimated starts of a doctor's line: the first starts when the current consultation is expected
 * to end (never before now), each next one after the estimates of those ahead.
 */
export function estimateStarts(
  now: Date,
  current: { startedAt: Date; minutes: number } | null,
  line: readonly { id: string; minutes: number }[],
): Map<string, Date> {
  let t = now.getTime();
  if (current) t = Math.max(t, current.startedAt.getTime() + current.minutes * 60_000);
  const out = new Map<string, Date>();
  for (const e of line) {
    out.set(e.id, new Date(t));
    t += e.minutes * 60_000;
  }
  return out;
}

export type Arrival = 'early' | 'on_time' | 'late' | 'walk_in';
/** Within this many minutes of the appointment's start, an arrival is on time. */
export const ON_TIME_MINUTES = 5;

export function arrivalOf(
  arrivedAt: Date,
  startsAt: Date,
  source: EntrySource,
): { arrival: Arrival; minutes: number } {
  if (source === 'walk_in') return { arrival: 'walk_in', minutes: 0 };
  const diff = Math.round((arrivedAt.getTime() - startsAt.getTime()) / 60_000);
  const minutes = Math.abs(diff);
  if (minutes <= ON_TIME_MINUTES) return { arrival: 'on_time', minutes };
  return { arrival: diff < 0 ? 'early' : 'late', minutes };
}

export interface Interval {
  start: number;
  end: number;
}

/**
 * The earliest start at or after `from` (rounded up to `stepMs`) whose blocked time
 * [start − before, start + length + after) overlaps no busy interval and starts before `until`.
 */
export function earliestGap(
  busy: readonly Interval[],
  opts: { from: number; until: number; lengthMs: number; beforeMs: number; afterMs: number; stepMs: number },
): number | null {
  const sorted = [...busy].sort((a, b) => a.start - b.start);
  let start = Math.ceil(opts.from / opts.stepMs) * opts.stepMs;
  for (;;) {
    if (start >= opts.until) return null;
    const lo = start - opts.beforeMs;
    const hi = start + opts.lengthMs + opts.afterMs;
    const clash = sorted.find((b) => b.start < hi && b.end > lo);
    if (!clash) return start;
    // Jump past the clash, back on the step grid.
    start = Math.ceil((clash.end + opts.beforeMs) / opts.stepMs) * opts.stepMs;
  }
}

export interface EstimateSample {
  errorMinutes: number;
}

/** How good past estimates were: mean absolute and signed error, and the share within 10 minutes. */
export function accuracyOf(samples: readonly EstimateSample[]): {
  samples: number;
  meanAbsErrorMinutes: number;
  meanErrorMinutes: number;
  within10Share: number;
} {
  const n = samples.length;
  if (n === 0) return { samples: 0, meanAbsErrorMinutes: 0, meanErrorMinutes: 0, within10Share: 0 };
  const round = (v: number) => Math.round(v * 10) / 10;
  const sum = (f: (s: EstimateSample) => number) => samples.reduce((acc, s) => acc + f(s), 0);
  return {
    samples: n,
    meanAbsErrorMinutes: round(sum((s) => Math.abs(s.errorMinutes)) / n),
    meanErrorMinutes: round(sum((s) => s.errorMinutes) / n),
    within10Share: Math.round((samples.filter((s) => Math.abs(s.errorMinutes) <= 10).length / n) * 100) / 100,
  };
}

/** Initials of a name for the waiting-room screen ("Sara Ali" → "S. A."): never the name itself. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  const letters = [parts[0], parts.length > 1 ? parts[parts.length - 1] : undefined]
    .filter((p): p is string => p !== undefined)
    .map((p) => `${Array.from(p)[0]?.toUpperCase() ?? ''}.`);
  return letters.join(' ');
}
