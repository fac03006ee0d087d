/**
 * Slot generation, pure CPU: the smart generator against a naive grid-and-check baseline written
 * here, on the same inputs (work hours, busy time, time zone), in the same process.
 *   one doctor × 30 days × 1,000 busy intervals     target: median < 1 ms, ≥ 10× the baseline
 *   the same with 2,000 busy intervals              target: ≤ 2.2× the time of 1,000
 *   a clinic of 20 doctors × 14 days                reported against the baseline
 */
import { performance } from 'node:perf_hooks';
import { generateSlots, type SlotRequest } from '../server/src/modules/scheduling/index.ts';
import { dayFromIso, localToUtc } from '../server/src/modules/scheduling/tz.ts';
import { workIntervals } from '../server/src/modules/scheduling/work-hours.ts';

const MIN = 60_000;
const ZONE = 'America/New_York';

/** A small deterministic PRNG, so every run measures the same inputs. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function scenario(days: number, busyCount: number, seed: number): SlotRequest {
  const fromDay = dayFromIso('2026-03-02'); // spans the spring-forward change in New York
  const rules = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
    { weekday, start: 8 * 60, end: 12 * 60, mode: 'in_person' as const, roomId: null },
    { weekday, start: 13 * 60, end: 18 * 60, mode: 'in_person' as const, roomId: null },
  ]);
  const rand = prng(seed);
  const busy = Array.from({ length: busyCount }, () => {
    const day = fromDay + Math.floor(rand() * days);
    const startMin = 8 * 60 + Math.floor(rand() * 40) * 15;
    const start = localToUtc(ZONE, day, startMin);
    return { start, end: start + (5 + Math.floor(rand() * 3) * 5) * MIN };
  });
  return {
    timeZone: ZONE,
    fromDay,
    toDay: fromDay + days - 1,
    rules,
    exceptions: [],
    busy,
    durationMin: 20,
    bufferBeforeMin: 0,
    bufferAfterMin: 5,
    granularityMin: 15,
    minNoticeMin: 60,
    horizonDays: 90,
    now: localToUtc(ZONE, fromDay, 7 * 60),
    mode: 'in_person',
    requiresRoom: false,
  };
}

/** The baseline: every grid point of every work interval, checked against every busy interval. */
export function naiveSlots(req: SlotRequest): number[] {
  const dur = req.durationMin * MIN;
  const earliest = req.now + req.minNoticeMin * MIN;
  const latest = req.now + req.horizonDays * 86_400_000;
  const out: number[] = [];
  for (const w of workIntervals(req)) {
    for (let s = w.start; s + dur <= w.end; s += req.granularityMin * MIN) {
      if (s < earliest || s > latest) continue;
      const from = s - req.bufferBeforeMin * MIN;
      const to = s + dur + req.bufferAfterMin * MIN;
      let free = true;
      for (const b of req.busy) {
        if (to > b.start && from < b.end) {
          free = false;
          break;
        }
      }
      if (free) out.push(s);
    }
  }
  return out;
}

/** Median wall time (ms) of `fn` over `runs`, after a warm-up. */
function median(fn: () => unknown, runs: number): number {
  for (let i = 0; i < Math.min(50, runs); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export interface SlotBench {
  oneDoctorMs: number;
  oneDoctorNaiveMs: number;
  doubledMs: number;
  doubledNaiveMs: number;
  clinicMs: number;
  clinicNaiveMs: number;
  slots: number;
  lines: string[];
}

export function benchSlotGeneration(runs = 400): SlotBench {
  const one = scenario(30, 1000, 1);
  const doubled = scenario(30, 2000, 1);
  const clinic = Array.from({ length: 20 }, (_, i) => scenario(14, 300, 100 + i));
  const slots = generateSlots(one).length;
  // The baseline offers only grid points; every one it finds must be among the smart slots.
  const smartStarts = new Set(generateSlots(one).map((s) => s.start));
  const missing = naiveSlots(one).filter((s) => !smartStarts.has(s)).length;
  if (missing > 0) throw new Error(`the smart generator misses ${missing} grid slots the baseline finds`);
  const r: SlotBench = {
    oneDoctorMs: median(() => generateSlots(one), runs),
    oneDoctorNaiveMs: median(() => naiveSlots(one), Math.max(20, runs / 10)),
    doubledMs: median(() => generateSlots(doubled), runs),
    doubledNaiveMs: median(() => naiveSlots(doubled), Math.max(20, runs / 10)),
    clinicMs: median(() => clinic.map(generateSlots), Math.max(20, runs / 4)),
    clinicNaiveMs: median(() => clinic.map(naiveSlots), Math.max(10, runs / 40)),
    slots,
    lines: [],
  };
  const f = (ms: number) => `${ms.toFixed(3)} ms`;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  r.lines = [
    `1 doctor × 30 days, 1,000 busy: smart ${f(r.oneDoctorMs)} (${slots} slots), naive ${f(r.oneDoctorNaiveMs)}, ` +
      `${(r.oneDoctorNaiveMs / r.oneDoctorMs).toFixed(1)}× faster (target < 1 ms: ${verdict(r.oneDoctorMs < 1)}; ≥ 10×: ${verdict(r.oneDoctorNaiveMs / r.oneDoctorMs >= 10)})`,
    `1 doctor × 30 days, 2,000 busy: smart ${f(r.doubledMs)}, naive ${f(r.doubledNaiveMs)}; doubling costs ` +
      `${(r.doubledMs / r.oneDoctorMs).toFixed(2)}× (target ≤ 2.2×: ${verdict(r.doubledMs / r.oneDoctorMs <= 2.2)}); naive ${(r.doubledNaiveMs / r.oneDoctorNaiveMs).toFixed(2)}×`,
    `20 doctors × 14 days, 300 busy each: smart ${f(r.clinicMs)}, naive ${f(r.clinicNaiveMs)}, ` +
      `${(r.clinicNaiveMs / r.clinicMs).toFixed(1)}× faster`,
  ];
  return r;
}

// `tsx bench/slots.ts` runs this stage alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of benchSlotGeneration(Number(process.env.BENCH_SLOT_RUNS) || 400).lines) {
    process.stdout.write(`${line}\n`);
  }
}
