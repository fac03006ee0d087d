import { DAY_MS, localToUtc, MINUTE_MS, offsetOn } from './tz.ts';
import { type DatedException, type Mode, type WeeklyRule, workIntervals } from './work-hours.ts';

/**
 * Smart slot generation, a pure function of its inputs (the clock is `now`).
 *
 * For each work interval of the right mode, the free gaps are the interval minus the busy
 * intervals widened by the new service's buffers. Within a gap we offer the gap's start, every
 * point of the wall-clock grid (granularity, aligned to the clinic's local time), and the start
 * that ends exactly at the gap's end, so a service of any length fits the real free time, not only
 * a fixed grid. A slot is `recommended` when it touches a gap edge (an appointment or the start or
 * end of work) and leaves on either side nothing, or enough for another visit of this length:
 * booking those packs the day without unusable fragments.
 */

export interface Interval {
  start: number;
  end: number;
}

export interface SlotRequest {
  timeZone: string;
  fromDay: number;
  toDay: number;
  rules: readonly WeeklyRule[];
  exceptions: readonly DatedException[];
  /** The doctor's busy time (appointments with their own buffers, live holds); any order. */
  busy: readonly Interval[];
  /** Busy time of rooms, by room id: a room-bound work interval is busy when its room is. */
  roomBusy?: ReadonlyMap<string, readonly Interval[]>;
  durationMin: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  granularityMin: number;
  minNoticeMin: number;
  horizonDays: number;
  now: number;
  mode: Mode;
  /** Offer only work intervals bound to a room. */
  requiresRoom: boolean;
}

export interface Slot {
  start: number;
  end: number;
  recommended: boolean;
  mode: Mode;
  roomId: string | null;
}

/** A sorted, merged run of busy intervals: starts and ends in parallel arrays, [lo, hi). */
interface Run {
  s: Float64Array;
  e: Float64Array;
  lo: number;
  hi: number;
}

/**
 * Busy time, widened by the new service's buffers (a slot body must not overlap it), bucketed by
 * 24-hour day from `origin` (a counting sort into flat typed arrays) and merged per day on first
 * use. The cost stays near linear in the number of busy intervals: each day's few appointments
 * are sorted natively, and a work interval reads only its own day.
 */
class BusyIndex {
  readonly #s: Float64Array;
  readonly #e: Float64Array;
  readonly #offset: Int32Array;
  readonly #merged: Int32Array;
  readonly #origin: number;
  readonly #days: number;

  constructor(busy: readonly Interval[], before: number, after: number, origin: number, days: number) {
    this.#origin = origin;
    this.#days = days;
    const n = busy.length;
    const firsts = new Int32Array(n);
    const lasts = new Int32Array(n);
    const counts = new Int32Array(days + 1);
    for (let k = 0; k < n; k++) {
      const b = busy[k]!;
      const first = Math.max(0, Math.floor((b.start - after - origin) / DAY_MS));
      const last = Math.min(days - 1, Math.floor((b.end + before - 1 - origin) / DAY_MS));
      firsts[k] = first;
      lasts[k] = last;
      for (let d = first; d <= last; d++) counts[d + 1]!++;
    }
    for (let d = 1; d <= days; d++) counts[d]! += counts[d - 1]!;
    this.#offset = counts;
    this.#s = new Float64Array(counts[days]!);
    this.#e = new Float64Array(counts[days]!);
    const fill = counts.slice(0, days);
    for (let k = 0; k < n; k++) {
      const b = busy[k]!;
      for (let d = firsts[k]!; d <= lasts[k]!; d++) {
        const i = fill[d]!++;
        this.#s[i] = b.start - after;
        this.#e[i] = b.end + before;
      }
    }
    this.#merged = new Int32Array(days).fill(-1);
  }

  /** The merged busy intervals that may overlap [start, end). */
  around(start: number, end: number): Run {
    const first = Math.max(0, Math.floor((start - this.#origin) / DAY_MS));
    const last = Math.min(this.#days - 1, Math.floor((end - 1 - this.#origin) / DAY_MS));
    if (first === last) return this.#day(first);
    // A work interval across the bucket edge (rare): join its days' runs into a fresh one.
    const s: number[] = [];
    const e: number[] = [];
    for (let d = first; d <= last; d++) {
      const r = this.#day(d);
      for (let i = r.lo; i < r.hi; i++) {
        s.push(r.s[i]!);
        e.push(r.e[i]!);
      }
    }
    const run = { s: Float64Array.from(s), e: Float64Array.from(e), lo: 0, hi: s.length };
    run.hi = sortAndMerge(run.s, run.e, 0, run.hi);
    return run;
  }

  #day(d: number): Run {
    const lo = this.#offset[d]!;
    let n = this.#merged[d]!;
    if (n < 0) {
      n = sortAndMerge(this.#s, this.#e, lo, this.#offset[d + 1]!) - lo;
      this.#merged[d] = n;
    }
    return { s: this.#s, e: this.#e, lo, hi: lo + n };
  }
}

/**
 * Merges [lo, hi) in place and returns the new end. A union of intervals depends only on the
 * sorted starts and the sorted ends, each sorted on its own (native typed-array sort, no pairing):
 * sweeping both, a merged interval opens when the depth rises from 0 and closes when it falls
 * back. A start equal to an end comes first, so touching intervals join.
 */
function sortAndMerge(s: Float64Array, e: Float64Array, lo: number, hi: number): number {
  if (hi - lo < 2) return hi;
  sortRange(s, lo, hi);
  sortRange(e, lo, hi);
  let i = lo;
  let j = lo;
  let w = lo;
  let depth = 0;
  let open = 0;
  while (j < hi) {
    if (i < hi && s[i]! <= e[j]!) {
      if (depth++ === 0) open = s[i]!;
      i++;
    } else {
      if (--depth === 0) {
        // Writing at w never overtakes what is still to be read: w ≤ j ≤ i.
        s[w] = open;
        e[w] = e[j]!;
        w++;
      }
      j++;
    }
  }
  return w;
}

/** Sorts [lo, hi) in place: insertion sort for a day's handful, the native sort beyond. */
function sortRange(a: Float64Array, lo: number, hi: number): void {
  if (hi - lo > 32) {
    a.subarray(lo, hi).sort();
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

/** `window` minus the busy runs, as gaps in order. */
function gapsIn(window: Interval, runs: readonly Run[]): Interval[] {
  let gaps: Interval[] = [window];
  for (const run of runs) {
    const next: Interval[] = [];
    for (const g of gaps) {
      let cursor = g.start;
      for (let i = run.lo; i < run.hi; i++) {
        const bs = run.s[i]!;
        const be = run.e[i]!;
        if (be <= g.start) continue;
        if (bs >= g.end) break;
        if (bs > cursor) next.push({ start: cursor, end: bs });
        if (be > cursor) cursor = be;
      }
      if (cursor < g.end) next.push({ start: cursor, end: g.end });
    }
    gaps = next;
  }
  return gaps;
}

export function generateSlots(req: SlotRequest): Slot[] {
  const dur = req.durationMin * MINUTE_MS;
  const gran = Math.max(1, req.granularityMin) * MINUTE_MS;
  const earliest = req.now + req.minNoticeMin * MINUTE_MS;
  const latest = req.now + req.horizonDays * DAY_MS;
  const before = req.bufferBeforeMin * MINUTE_MS;
  const after = req.bufferAfterMin * MINUTE_MS;
  const intervals = workIntervals(req);
  const out: Slot[] = [];
  if (intervals.length === 0) return out;
  // Buckets start at local midnight, a day before the first work: work rarely crosses their edges.
  const origin = localToUtc(req.timeZone, req.fromDay, 0) - DAY_MS;
  const days = Math.ceil((intervals[intervals.length - 1]!.end - origin) / DAY_MS) + 2;
  const doctor = new BusyIndex(req.busy, before, after, origin, days);
  const rooms = new Map<string, BusyIndex>();
  for (const w of intervals) {
    if (w.mode !== req.mode || (req.requiresRoom && w.roomId === null)) continue;
    if (w.end <= earliest || w.start > latest) continue;
    const busy = doctor.around(w.start, w.end);
    if (w.roomId === null) {
      // The common case, walked in place: gaps between the doctor's busy runs, no lists built.
      let cursor = w.start;
      for (let i = busy.lo; i < busy.hi; i++) {
        const bs = busy.s[i]!;
        const be = busy.e[i]!;
        if (be <= w.start) continue;
        if (bs >= w.end) break;
        if (bs > cursor) offerGap(out, req.timeZone, w, cursor, bs, dur, gran, earliest, latest);
        if (be > cursor) cursor = be;
      }
      if (cursor < w.end) offerGap(out, req.timeZone, w, cursor, w.end, dur, gran, earliest, latest);
      continue;
    }
    let room = rooms.get(w.roomId);
    if (!room) {
      room = new BusyIndex(req.roomBusy?.get(w.roomId) ?? [], before, after, origin, days);
      rooms.set(w.roomId, room);
    }
    for (const gap of gapsIn(w, [busy, room.around(w.start, w.end)])) {
      offerGap(out, req.timeZone, w, gap.start, gap.end, dur, gran, earliest, latest);
    }
  }
  // Intervals come sorted; only overlapping intervals (other rooms) can put slots out of order
  // or offer one start twice.
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1]!;
    const b = out[i]!;
    if (a.start > b.start || (a.start === b.start && compareRoom(a.roomId, b.roomId) >= 0)) {
      out.sort((x, y) => x.start - y.start || compareRoom(x.roomId, y.roomId));
      return dedupe(out);
    }
  }
  return out;
}

function compareRoom(a: string | null, b: string | null): number {
  return (a ?? '').localeCompare(b ?? '');
}

function dedupe(slots: Slot[]): Slot[] {
  const out: Slot[] = [];
  for (const s of slots) {
    const last = out[out.length - 1];
    if (last && last.start === s.start && last.roomId === s.roomId) {
      last.recommended ||= s.recommended;
      continue;
    }
    out.push(s);
  }
  return out;
}

/** The first instant ≥ t on the local wall-clock grid of `gran`. */
function alignUp(zone: string, day: number, t: number, gran: number): number {
  const local = t + offsetOn(zone, day, t) * MINUTE_MS;
  const r = ((local % gran) + gran) % gran;
  return r === 0 ? t : t + gran - r;
}

/** The slots of one free gap, its start moved past the notice limit if need be. */
function offerGap(
  out: Slot[],
  zone: string,
  w: { day: number; mode: Mode; roomId: string | null },
  start: number,
  g1: number,
  dur: number,
  gran: number,
  earliest: number,
  latest: number,
): void {
  // Time before the notice is gone anyway: the first grid point after it acts as the edge.
  const g0 = start < earliest ? alignUp(zone, w.day, earliest, gran) : start;
  if (g1 - g0 >= dur) pushGapSlots(out, zone, w, g0, g1, dur, gran, latest);
}

function pushGapSlots(
  out: Slot[],
  zone: string,
  w: { day: number; mode: Mode; roomId: string | null },
  g0: number,
  g1: number,
  dur: number,
  gran: number,
  latest: number,
): void {
  // No closures here: tsx names every function it creates, which costs more than the work.
  const roomy = g1 - g0 >= 2 * dur;
  const lastStart = g1 - dur;
  if (g0 > latest) return;
  out.push(slotAt(g0, g0, g1, dur, roomy, w));
  let t = alignUp(zone, w.day, g0, gran);
  if (t === g0) t += gran;
  for (; t < lastStart && t <= latest; t += gran) out.push(slotAt(t, g0, g1, dur, roomy, w));
  if (lastStart > g0 && lastStart <= latest) out.push(slotAt(lastStart, g0, g1, dur, roomy, w));
}

/**
 * A slot at `s` in gap [g0, g1): recommended when it touches an edge and leaves on either side
 * nothing or room for another visit (or the gap cannot hold two anyway).
 */
function slotAt(
  s: number,
  g0: number,
  g1: number,
  dur: number,
  roomy: boolean,
  w: { mode: Mode; roomId: string | null },
): Slot {
  const left = s - g0;
  const right = g1 - (s + dur);
  const usable = (left === 0 || left >= dur) && (right === 0 || right >= dur);
  return {
    start: s,
    end: s + dur,
    recommended: (left === 0 || right === 0) && (!roomy || usable),
    mode: w.mode,
    roomId: w.roomId,
  };
}

/** Best first: recommended slots, then the rest, each in time order (stable, deterministic). */
export function rankSlots<T extends { start: number; recommended: boolean }>(slots: readonly T[]): T[] {
  return [...slots].sort((a, b) => Number(b.recommended) - Number(a.recommended) || a.start - b.start);
}
