/**
 * Slot generation, pure CPU: the smart generator against a naive grid-and-check baseline written
 * here, on the same inputs (work hours, busy time, time zone), in the same process.
 *   one doctor × 30 days × 1,000 busy intervals     target: median < 1 ms, ≥ 10× the baseline
 *   the same with 2,000 busy intervals              target: ≤ 2.2× the time of 1,000
 *   a clinic of 20 doctors × 14 days                reported against the baseline
 */
import { performance } from 'node:perf_hooks';
import { dayFromIso, localToUtc } from '@cliniclick/time';
import { workIntervals } from '../server/src/modules/scheduling/core/work-hours.ts';
import { generateSlots, type SlotRequest } from '../server/src/modules/scheduling/index.ts';

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
    offGridStarts: true,
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

/**
 * Median wall time (ms) of each case. Every case is first run for `warmMs` (the JIT needs a few
 * thousand calls before these loops are compiled for good; a warm-up of a few dozen calls
 * measured the compiler, not the code), then the cases take turns in rounds, so a slow minute of
 * the machine falls on all of them alike.
 */
function medians(cases: Record<string, { fn: () => unknown; runs: number }>, warmMs = 300, rounds = 5) {
  const names = Object.keys(cases);
  for (const name of names) {
    const t0 = performance.now();
    while (performance.now() - t0 < warmMs) cases[name]!.fn();
  }
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const { fn, runs } = cases[name]!;
      for (let i = 0; i < Math.ceil(runs / rounds); i++) {
        const t0 = performance.now();
        fn();
        times[name]!.push(performance.now() - t0);
      }
    }
  }
  const out: Record<string, number> = {};
  for (const name of names) {
    const t = times[name]!.sort((a, b) => a - b);
    out[name] = t[Math.floor(t.length / 2)]!;
  }
  return out;
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
  const m = medians({
    one: { fn: () => generateSlots(one), runs },
    oneNaive: { fn: () => naiveSlots(one), runs: Math.max(20, runs / 10) },
    doubled: { fn: () => generateSlots(doubled), runs },
    doubledNaive: { fn: () => naiveSlots(doubled), runs: Math.max(20, runs / 10) },
    clinic: { fn: () => clinic.map(generateSlots), runs: Math.max(20, runs / 4) },
    clinicNaive: { fn: () => clinic.map(naiveSlots), runs: Math.max(10, runs / 40) },
  });
  const r: SlotBench = {
    oneDoctorMs: m.one!,
    oneDoctorNaiveMs: m.oneNaive!,
    doubledMs: m.doubled!,
    doubledNaiveMs: m.doubledNaive!,
    clinicMs: m.clinic!,
    clinicNaiveMs: m.clinicNaive!,
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
