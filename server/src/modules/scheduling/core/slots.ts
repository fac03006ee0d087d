import { DAY_MS, MINUTE_MS, offsetOn } from '@cliniclick/time';
import type { Mode } from './work-hours.ts';
import { type DatedException, type WeeklyRule, workIntervals } from './work-hours.ts';

/**
 * Smart slot generation, a pure function of its inputs (the clock is `now`).
 *
 * For each work interval of the right mode, the free gaps are the interval minus the busy
 * intervals widened by the new service's buffers. Within a gap we offer every point of the
 * wall-clock grid (granularity, aligned to the clinic's local time); with `offGridStarts` also the
 * gap's start and the start that ends exactly at the gap's end, so a service of any length fits
 * the real free time (2:05 PM after a visit that ends then), not only a fixed grid. Without it the
 * gap is first narrowed to the grid: its first grid point and the last grid start that still fits
 * act as its edges, and every start is a time a person would choose (:00, :15, :30, :45). A slot is `recommended` when it touches a gap edge (an appointment or the start or
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
  /**
   * Also offer the starts at a gap's edges that fall off the grid (right after a visit that ends
   * at 2:05 PM, or ending exactly where the next one begins). Off: every start is on the grid.
   */
  offGridStarts: boolean;
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
  s: readonly number[];
  e: readonly number[];
  lo: number;
  hi: number;
}

/**
 * Busy time, widened by the new service's buffers (a slot body must not overlap it), sorted by
 * start and merged into disjoint intervals once. The sort is a bucket sort: a counting pass into
 * about one bucket per two intervals across the busy span, then an insertion pass that only has
 * to order each bucket's few. For busy time spread the way calendars are, the cost is linear in the
 * number of intervals however dense the days get (a day-sized bucket grows with the day's
 * appointments and sorts quadratically: that was the 2,000-interval slowdown); busy time already
 * in order, as SQL delivers it, skips the sort.
 */
class BusyIndex {
  readonly #s: number[];
  readonly #e: number[];
  readonly #n: number;

  constructor(busy: readonly Interval[], before: number, after: number) {
    const n = busy.length;
    let s: number[] = new Array(n);
    let e: number[] = new Array(n);
    let sorted = true;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < n; k++) {
      const b = busy[k]!;
      const bs = b.start - after;
      s[k] = bs;
      e[k] = b.end + before;
      if (bs < min) min = bs;
      if (bs > max) max = bs;
      if (k > 0 && bs < s[k - 1]!) sorted = false;
    }
    if (!sorted) [s, e] = bucketSort(s, e, min, max);
    this.#n = mergeSorted(s, e);
    this.#s = s;
    this.#e = e;
  }

  /** The merged busy intervals that may overlap [start, end). */
  around(start: number, end: number): Run {
    const s = this.#s;
    const e = this.#e;
    // The first interval ending after `start` (ends ascend once merged), then the first at or past `end`.
    let lo = 0;
    let hi = this.#n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (e[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    let last = lo;
    while (last < this.#n && s[last]! < end) last++;
    return { s, e, lo, hi: last };
  }
}

/**
 * Pairs (s, e) ordered by s: a counting pass into fine buckets, then insertion within them. Should
 * one bucket pile up (most of the busy time inside a sliver of the span), a comparison sort takes
 * over so the cost stays n log n at worst, never quadratic.
 */
function bucketSort(s: number[], e: number[], min: number, max: number): [number[], number[]] {
  const n = s.length;
  const buckets = Math.max(1, n >>> 1);
  const width = (max - min) / buckets + 1;
  const key: number[] = new Array(n);
  const counts: number[] = new Array(buckets + 1).fill(0);
  let fullest = 0;
  for (let k = 0; k < n; k++) {
    const b = Math.floor((s[k]! - min) / width);
    key[k] = b;
    const c = ++counts[b + 1]!;
    if (c > fullest) fullest = c;
  }
  if (fullest > MAX_BUCKET) return comparisonSort(s, e);
  for (let b = 1; b <= buckets; b++) counts[b]! += counts[b - 1]!;
  const os: number[] = new Array(n);
  const oe: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = counts[key[k]!]!++;
    os[i] = s[k]!;
    oe[i] = e[k]!;
  }
  // Every element is already in its bucket: insertion only moves it past its bucket's others.
  for (let i = 1; i < n; i++) {
    const x = os[i]!;
    const y = oe[i]!;
    let j = i - 1;
    while (j >= 0 && os[j]! > x) {
      os[j + 1] = os[j]!;
      oe[j + 1] = oe[j]!;
      j--;
    }
    os[j + 1] = x;
    oe[j + 1] = y;
  }
  return [os, oe];
}

/** Beyond this many in one bucket, insertion (quadratic in a bucket) loses to a comparison sort. */
const MAX_BUCKET = 48;

function comparisonSort(s: number[], e: number[]): [number[], number[]] {
  const order = Array.from(s.keys()).sort(byStartIn(s));
  return [order.map((i) => s[i]!), order.map((i) => e[i]!)];
}

function byStartIn(s: number[]): (a: number, b: number) => number {
  return (a, b) => s[a]! - s[b]!;
}

/**
 * Merges intervals sorted by start in place (touching ones join) and returns how many remain;
 * the survivors are disjoint, so their starts and their ends both ascend.
 */
function mergeSorted(s: number[], e: number[]): number {
  const n = s.length;
  if (n === 0) return 0;
  let w = 0;
  for (let i = 1; i < n; i++) {
    if (s[i]! <= e[w]!) {
      if (e[i]! > e[w]!) e[w] = e[i]!;
    } else {
      w++;
      s[w] = s[i]!;
      e[w] = e[i]!;
    }
  }
  return w + 1;
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
  const offGrid = req.offGridStarts;
  const out: Slot[] = [];
  if (intervals.length === 0) return out;
  const doctor = new BusyIndex(req.busy, before, after);
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
        if (bs > cursor) offerGap(out, req.timeZone, w, cursor, bs, dur, gran, earliest, latest, offGrid);
        if (be > cursor) cursor = be;
      }
      if (cursor < w.end) offerGap(out, req.timeZone, w, cursor, w.end, dur, gran, earliest, latest, offGrid);
      continue;
    }
    let room = rooms.get(w.roomId);
    if (!room) {
      room = new BusyIndex(req.roomBusy?.get(w.roomId) ?? [], before, after);
      rooms.set(w.roomId, room);
    }
    for (const gap of gapsIn(w, [busy, room.around(w.start, w.end)])) {
      offerGap(out, req.timeZone, w, gap.start, gap.end, dur, gran, earliest, latest, offGrid);
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

/** The first instant ≤ t on the local wall-clock grid of `gran`. */
function alignDown(zone: string, day: number, t: number, gran: number): number {
  const local = t + offsetOn(zone, day, t) * MINUTE_MS;
  return t - (((local % gran) + gran) % gran);
}

/**
 * The slots of one free gap, its start moved past the notice limit if need be; without off-grid
 * starts, the gap narrowed to its first grid point and its last grid start that fits.
 */
function offerGap(
  out: Slot[],
  zone: string,
  w: { day: number; mode: Mode; roomId: string | null },
  start: number,
  end: number,
  dur: number,
  gran: number,
  earliest: number,
  latest: number,
  offGrid: boolean,
): void {
  // Time before the notice is gone anyway: the first grid point after it acts as the edge.
  let g0 = start < earliest ? alignUp(zone, w.day, earliest, gran) : start;
  let g1 = end;
  if (!offGrid) {
    g0 = alignUp(zone, w.day, g0, gran);
    g1 = alignDown(zone, w.day, end - dur, gran) + dur;
  }
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

/**
 * Best first: recommended slots, then the rest, each in the order given (stable, deterministic).
 * Slots come in time order, so a stable partition is all it takes.
 */
export function rankSlots<T extends { recommended: boolean }>(slots: readonly T[]): T[] {
  const best: T[] = [];
  const rest: T[] = [];
  for (const s of slots) (s.recommended ? best : rest).push(s);
  return best.concat(rest);
}
