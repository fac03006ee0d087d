import { DAY_MS, MINUTE_MS, offsetOn } from './tz.ts';
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

/** Busy intervals widened so that a slot body must not overlap them, sorted and merged. */
function blocked(busy: readonly Interval[], before: number, after: number): Interval[] {
  const widened = busy.map((b) => ({ start: b.start - after, end: b.end + before }));
  widened.sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const b of widened) {
    const last = out[out.length - 1];
    if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
    else out.push({ ...b });
  }
  return out;
}

/** Index of the first interval whose end is after `t` (binary search over merged intervals). */
function firstEndingAfter(list: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `window` minus the merged busy lists, as gaps in order. */
function gapsIn(window: Interval, lists: readonly (readonly Interval[])[]): Interval[] {
  let gaps: Interval[] = [window];
  for (const list of lists) {
    const next: Interval[] = [];
    for (const g of gaps) {
      let cursor = g.start;
      for (let i = firstEndingAfter(list, g.start); i < list.length; i++) {
        const b = list[i]!;
        if (b.start >= g.end) break;
        if (b.start > cursor) next.push({ start: cursor, end: b.start });
        cursor = Math.max(cursor, b.end);
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
  const doctor = blocked(req.busy, req.bufferBeforeMin * MINUTE_MS, req.bufferAfterMin * MINUTE_MS);
  const rooms = new Map<string, Interval[]>();
  const out: Slot[] = [];
  const intervals = workIntervals(req);
  for (const w of intervals) {
    if (w.mode !== req.mode || (req.requiresRoom && w.roomId === null)) continue;
    if (w.end <= earliest || w.start > latest) continue;
    const lists: Interval[][] = [doctor];
    if (w.roomId !== null) {
      let room = rooms.get(w.roomId);
      if (!room) {
        room = blocked(
          req.roomBusy?.get(w.roomId) ?? [],
          req.bufferBeforeMin * MINUTE_MS,
          req.bufferAfterMin * MINUTE_MS,
        );
        rooms.set(w.roomId, room);
      }
      lists.push(room);
    }
    for (const gap of gapsIn(w, lists)) {
      let g0 = gap.start;
      if (g0 < earliest) {
        // Time before the notice is gone anyway: the first grid point after it acts as the edge.
        g0 = alignUp(req.timeZone, w.day, earliest, gran);
      }
      const g1 = gap.end;
      if (g1 - g0 < dur) continue;
      pushGapSlots(out, req.timeZone, w, g0, g1, dur, gran, latest);
    }
  }
  out.sort((a, b) => a.start - b.start || compareRoom(a.roomId, b.roomId));
  return dedupe(out);
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
  const roomy = g1 - g0 >= 2 * dur;
  const usable = (x: number) => x === 0 || x >= dur;
  const push = (s: number) => {
    if (s > latest) return;
    const last = out[out.length - 1];
    if (last && last.start === s && last.roomId === w.roomId) return;
    const left = s - g0;
    const right = g1 - (s + dur);
    const touches = left === 0 || right === 0;
    out.push({
      start: s,
      end: s + dur,
      recommended: touches && (!roomy || (usable(left) && usable(right))),
      mode: w.mode,
      roomId: w.roomId,
    });
  };
  const lastStart = g1 - dur;
  push(g0);
  for (let t = alignUp(zone, w.day, g0, gran); t < lastStart; t += gran) {
    if (t > g0) push(t);
  }
  if (lastStart > g0) push(lastStart);
}

/** Best first: recommended slots, then the rest, each in time order (stable, deterministic). */
export function rankSlots<T extends { start: number; recommended: boolean }>(slots: readonly T[]): T[] {
  return [...slots].sort((a, b) => Number(b.recommended) - Number(a.recommended) || a.start - b.start);
}
