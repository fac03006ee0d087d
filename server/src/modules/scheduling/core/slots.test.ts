import { dayFromIso, localToUtc, offsetOn, utcToLocal, weekdayOf } from '@cliniclick/time';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSlots, rankSlots, type SlotRequest } from './slots.ts';
import { type WeeklyRule, workIntervals } from './work-hours.ts';

const H = 60;
const MIN = 60_000;
const everyDay = (start: number, end: number, mode: WeeklyRule['mode'] = 'in_person'): WeeklyRule[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end, mode, roomId: null }));

function request(over: Partial<SlotRequest> & { date?: string }): SlotRequest {
  const day = dayFromIso(over.date ?? '2026-06-01');
  return {
    timeZone: 'UTC',
    fromDay: day,
    toDay: day,
    rules: everyDay(9 * H, 12 * H),
    exceptions: [],
    busy: [],
    durationMin: 30,
    bufferBeforeMin: 0,
    bufferAfterMin: 0,
    granularityMin: 30,
    offGridStarts: true,
    minNoticeMin: 0,
    horizonDays: 100_000,
    now: Date.UTC(2000, 0, 1),
    mode: 'in_person',
    requiresRoom: false,
    ...over,
  };
}

const hhmm = (zone: string, ms: number) => {
  const { minute } = utcToLocal(zone, ms);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
};
const starts = (req: SlotRequest) => generateSlots(req).map((s) => hhmm(req.timeZone, s.start));
const utc = (iso: string) => Date.parse(iso);

describe('smart slots', () => {
  it('offers the grid and the edges of real gaps, and recommends the slots that pack the day', () => {
    // 09:00–12:00 with an appointment 10:10–10:40: gaps 09:00–10:10 and 10:40–12:00.
    const req = request({ busy: [{ start: utc('2026-06-01T10:10:00Z'), end: utc('2026-06-01T10:40:00Z') }] });
    const slots = generateSlots(req);
    expect(slots.map((s) => hhmm('UTC', s.start))).toEqual([
      '09:00',
      '09:30',
      '09:40',
      '10:40',
      '11:00',
      '11:30',
    ]);
    expect(slots.filter((s) => s.recommended).map((s) => hhmm('UTC', s.start))).toEqual([
      '09:00',
      '09:40',
      '10:40',
      '11:30',
    ]);
    expect(
      rankSlots(slots)
        .slice(0, 4)
        .every((s) => s.recommended),
    ).toBe(true);
  });

  it('a long service fits the gaps it fits, at their starts, not only on the grid', () => {
    const req = request({
      durationMin: 50,
      granularityMin: 60,
      busy: [{ start: utc('2026-06-01T10:05:00Z'), end: utc('2026-06-01T10:20:00Z') }],
    });
    expect(starts(req)).toEqual(['09:00', '09:15', '10:20', '11:00', '11:10']);
  });

  it('on the grid only: no 10:40 after a visit ending at 10:40, the gap’s first and last grid starts recommended', () => {
    const busy = [{ start: utc('2026-06-01T10:10:00Z'), end: utc('2026-06-01T10:40:00Z') }];
    const req = request({ busy, granularityMin: 15, offGridStarts: false });
    const slots = generateSlots(req);
    // 09:00–10:10 holds starts up to 09:40 on the grid: 09:30; after the visit, 10:45 onwards.
    expect(slots.map((s) => hhmm('UTC', s.start))).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '10:45',
      '11:00',
      '11:15',
      '11:30',
    ]);
    expect(slots.filter((s) => s.recommended).map((s) => hhmm('UTC', s.start))).toEqual([
      '09:00',
      '09:30',
      '10:45',
      '11:30',
    ]);
    // The same day with off-grid starts on: 09:40 (ends as the visit begins) and 10:40 come back.
    expect(starts({ ...req, offGridStarts: true })).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '09:40',
      '10:40',
      '10:45',
      '11:00',
      '11:15',
      '11:30',
    ]);
    // A 50-minute visit on an hourly grid around a 10:05–10:20 visit: 09:00 and 11:00, never 09:15,
    // 10:20 or 11:10 (the off-grid answer is 09:00, 09:15, 10:20, 11:00, 11:10).
    expect(
      starts(
        request({
          durationMin: 50,
          granularityMin: 60,
          offGridStarts: false,
          busy: [{ start: utc('2026-06-01T10:05:00Z'), end: utc('2026-06-01T10:20:00Z') }],
        }),
      ),
    ).toEqual(['09:00', '11:00']);
    // A gap narrower than a visit once narrowed to the grid offers nothing.
    expect(
      starts(
        request({
          granularityMin: 30,
          offGridStarts: false,
          busy: [
            { start: utc('2026-06-01T09:00:00Z'), end: utc('2026-06-01T10:10:00Z') },
            { start: utc('2026-06-01T10:50:00Z'), end: utc('2026-06-01T12:00:00Z') },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('keeps buffers clear of busy time, and lapsed input never makes slots overlap', () => {
    const req = request({
      bufferBeforeMin: 10,
      bufferAfterMin: 5,
      busy: [{ start: utc('2026-06-01T10:00:00Z'), end: utc('2026-06-01T10:30:00Z') }],
    });
    // Ends by 09:55 (5 min after-buffer before 10:00); starts from 10:40 (10 min before-buffer).
    expect(starts(req)).toEqual(['09:00', '09:25', '10:40', '11:00', '11:30']);
  });

  it('honours minimum notice, the horizon, time off, closures and extra hours', () => {
    const day = dayFromIso('2026-06-01');
    const now = utc('2026-06-01T09:07:00Z');
    // 09:37 is the earliest; the next point on the half-hour grid is 10:00.
    expect(starts(request({ now, minNoticeMin: 30 }))).toEqual(['10:00', '10:30', '11:00', '11:30']);
    const off = request({
      exceptions: [
        { kind: 'time_off', fromDay: day, toDay: day, start: 10 * H, end: 11 * H, mode: null, roomId: null },
        {
          kind: 'extra',
          fromDay: day,
          toDay: day,
          start: 14 * H,
          end: 15 * H,
          mode: 'in_person',
          roomId: null,
        },
      ],
    });
    expect(starts(off)).toEqual(['09:00', '09:30', '11:00', '11:30', '14:00', '14:30']);
    const closed = request({
      exceptions: [
        { kind: 'closure', fromDay: day, toDay: day, start: null, end: null, mode: null, roomId: null },
      ],
    });
    expect(generateSlots(closed)).toEqual([]);
    expect(
      generateSlots(request({ now: utc('2026-05-31T12:00:00Z'), horizonDays: 1 })).map((s) =>
        hhmm('UTC', s.start),
      ),
    ).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(
      generateSlots(request({ now: utc('2026-05-31T10:00:00Z'), horizonDays: 1 })).map((s) =>
        hhmm('UTC', s.start),
      ),
    ).toEqual(['09:00', '09:30', '10:00']);
  });

  it('only offers intervals of the service’s mode, and room-bound intervals when a room is needed', () => {
    const rules: WeeklyRule[] = [
      { weekday: 1, start: 9 * H, end: 10 * H, mode: 'in_person', roomId: 'r1' },
      { weekday: 1, start: 10 * H, end: 11 * H, mode: 'online', roomId: null },
      { weekday: 1, start: 11 * H, end: 12 * H, mode: 'in_person', roomId: null },
    ];
    expect(starts(request({ rules, mode: 'online' }))).toEqual(['10:00', '10:30']);
    expect(starts(request({ rules, requiresRoom: true }))).toEqual(['09:00', '09:30']);
    const roomBusy = new Map([
      ['r1', [{ start: utc('2026-06-01T09:00:00Z'), end: utc('2026-06-01T09:30:00Z') }]],
    ]);
    expect(starts(request({ rules, requiresRoom: true, roomBusy }))).toEqual(['09:30']);
  });
});

describe('slots across time-zone changes', () => {
  const dayOf = (zone: string, date: string, rules: WeeklyRule[]) => {
    const d = dayFromIso(date);
    return generateSlots(
      request({ timeZone: zone, fromDay: d, toDay: d, rules, granularityMin: 60, durationMin: 60 }),
    );
  };
  const iso = (ms: number) => new Date(ms).toISOString().slice(11, 16);

  it('New York spring forward: 01:00–04:00 local holds two real hours', () => {
    const slots = dayOf('America/New_York', '2026-03-08', everyDay(1 * H, 4 * H));
    expect(slots.map((s) => iso(s.start))).toEqual(['06:00', '07:00']);
    expect(slots.map((s) => hhmm('America/New_York', s.start))).toEqual(['01:00', '03:00']);
  });

  it('New York fall back: 01:00–03:00 local holds three real hours', () => {
    const slots = dayOf('America/New_York', '2026-11-01', everyDay(1 * H, 3 * H));
    expect(slots.map((s) => iso(s.start))).toEqual(['05:00', '06:00', '07:00']);
    expect(slots.map((s) => hhmm('America/New_York', s.start))).toEqual(['01:00', '01:00', '02:00']);
  });

  it('London on both change days keeps 09:00–11:00 local', () => {
    expect(dayOf('Europe/London', '2026-03-29', everyDay(9 * H, 11 * H)).map((s) => iso(s.start))).toEqual([
      '08:00',
      '09:00',
    ]);
    expect(dayOf('Europe/London', '2026-10-25', everyDay(9 * H, 11 * H)).map((s) => iso(s.start))).toEqual([
      '09:00',
      '10:00',
    ]);
  });

  it('Kolkata and Adelaide: the grid follows the local clock, not UTC', () => {
    expect(dayOf('Asia/Kolkata', '2026-06-01', everyDay(9 * H, 11 * H)).map((s) => iso(s.start))).toEqual([
      '03:30',
      '04:30',
    ]);
    expect(
      dayOf('Australia/Adelaide', '2026-06-01', everyDay(9 * H, 11 * H)).map((s) => iso(s.start)),
    ).toEqual(['23:30', '00:30']);
  });

  it('São Paulo before and after abolishing DST', () => {
    expect(dayOf('America/Sao_Paulo', '2018-11-04', everyDay(0, 2 * H)).map((s) => iso(s.start))).toEqual([
      '03:00',
    ]);
    expect(dayOf('America/Sao_Paulo', '2019-11-03', everyDay(0, 2 * H)).map((s) => iso(s.start))).toEqual([
      '03:00',
      '04:00',
    ]);
  });
});

describe('slot properties', () => {
  const zones = [
    'UTC',
    'America/New_York',
    'Europe/London',
    'Asia/Kolkata',
    'Australia/Adelaide',
    'America/Sao_Paulo',
  ];
  const rule = fc
    .record({
      weekday: fc.integer({ min: 1, max: 7 }),
      start: fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
      len: fc.integer({ min: 1, max: 48 }).map((q) => q * 15),
    })
    .map(({ weekday, start, len }) => ({
      weekday,
      start,
      end: Math.min(1440, start + len),
      mode: 'in_person' as const,
      roomId: null,
    }));
  const scenario = fc.record({
    zone: fc.constantFrom(...zones),
    fromDay: fc.integer({ min: dayFromIso('2018-01-01'), max: dayFromIso('2027-12-01') }),
    days: fc.integer({ min: 1, max: 10 }),
    rules: fc.array(rule, { maxLength: 10 }),
    busy: fc.array(
      fc.record({ at: fc.integer({ min: 0, max: 11 * 1440 }), len: fc.integer({ min: 1, max: 240 }) }),
      {
        maxLength: 40,
      },
    ),
    durationMin: fc.integer({ min: 5, max: 180 }),
    bufferBeforeMin: fc.integer({ min: 0, max: 30 }),
    bufferAfterMin: fc.integer({ min: 0, max: 30 }),
    granularityMin: fc.constantFrom(5, 10, 15, 20, 30, 60),
    offGridStarts: fc.boolean(),
    minNoticeMin: fc.integer({ min: 0, max: 3000 }),
    horizonDays: fc.integer({ min: 1, max: 12 }),
    nowOffsetMin: fc.integer({ min: -1440, max: 4 * 1440 }),
  });

  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  function build(s: Scenario): SlotRequest {
    const base = localToUtc(s.zone, s.fromDay, 0);
    return {
      timeZone: s.zone,
      fromDay: s.fromDay,
      toDay: s.fromDay + s.days - 1,
      rules: s.rules,
      exceptions: [],
      busy: s.busy.map((b) => ({ start: base + b.at * MIN, end: base + (b.at + b.len) * MIN })),
      durationMin: s.durationMin,
      bufferBeforeMin: s.bufferBeforeMin,
      bufferAfterMin: s.bufferAfterMin,
      granularityMin: s.granularityMin,
      offGridStarts: s.offGridStarts,
      minNoticeMin: s.minNoticeMin,
      horizonDays: s.horizonDays,
      now: base + s.nowOffsetMin * MIN,
      mode: 'in_person',
      requiresRoom: false,
    };
  }

  it('no slot (with its buffers) overlaps busy time; every slot lies in work hours; notice and horizon hold', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const req = build(s);
        for (const slot of generateSlots(req)) {
          expect(slot.end - slot.start).toBe(req.durationMin * MIN);
          for (const b of req.busy) {
            const clear =
              slot.start - req.bufferBeforeMin * MIN >= b.end ||
              slot.end + req.bufferAfterMin * MIN <= b.start;
            expect(clear).toBe(true);
          }
          expect(slot.start).toBeGreaterThanOrEqual(req.now + req.minNoticeMin * MIN);
          expect(slot.start).toBeLessThanOrEqual(req.now + req.horizonDays * 86_400_000);
          // Inside the rules' wall-clock hours on some day of the range (touching rules join up).
          const hours: Array<[number, number]> = [];
          for (let day = req.fromDay; day <= req.toDay; day++) {
            for (const r of req.rules) {
              if (r.weekday === weekdayOf(day))
                hours.push([localToUtc(req.timeZone, day, r.start), localToUtc(req.timeZone, day, r.end)]);
            }
          }
          hours.sort((x, y) => x[0] - y[0]);
          const joined: Array<[number, number]> = [];
          for (const h of hours) {
            const last = joined[joined.length - 1];
            if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1]);
            else joined.push([...h]);
          }
          const inside = joined.filter(([a, z]) => a <= slot.start && slot.end <= z);
          expect(inside.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('without off-grid starts, every start is on the local grid', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const req = { ...build(s), offGridStarts: false };
        for (const slot of generateSlots(req)) {
          expect(utcToLocal(req.timeZone, slot.start).minute % req.granularityMin).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('results are sorted, free of duplicates and deterministic (input order does not matter)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const req = build(s);
        const a = generateSlots(req);
        const b = generateSlots({ ...req, busy: [...req.busy].reverse(), rules: [...req.rules].reverse() });
        expect(b).toEqual(a);
        // Busy time in order (as SQL delivers it) skips the sort: the same answer.
        const inOrder = [...req.busy].sort((x, y) => x.start - y.start || y.end - x.end);
        expect(generateSlots({ ...req, busy: inOrder })).toEqual(a);
        for (let i = 1; i < a.length; i++) expect(a[i]!.start).toBeGreaterThan(a[i - 1]!.start);
      }),
      { numRuns: 300 },
    );
  });

  it('busy time piled into a sliver of the span gives the same answer as in order', () => {
    const day = dayFromIso('2026-06-01');
    const nine = localToUtc('UTC', day, 9 * H);
    // 300 overlapping visits inside one hour, one far away: nearly all land in one sort bucket.
    const busy = Array.from({ length: 300 }, (_, i) => ({
      start: nine + ((i * 7919) % 3600) * 1000,
      end: nine + ((i * 7919) % 3600) * 1000 + 5 * MIN,
    }));
    busy.push({ start: nine + 5 * 86_400_000, end: nine + 5 * 86_400_000 + MIN });
    const req = request({ busy, toDay: day + 6, rules: everyDay(9 * H, 12 * H) });
    const inOrder = [...busy].sort((a, b) => a.start - b.start);
    const slots = generateSlots(req);
    expect(slots).toEqual(generateSlots({ ...req, busy: inOrder }));
    expect(slots[0]!.start).toBe(Math.max(...busy.slice(0, 300).map((b) => b.end)));
  });

  it('every free point of the local grid inside work hours is offered (nothing free is lost)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const req = build(s);
        const offered = new Set(generateSlots(req).map((x) => x.start));
        const dur = req.durationMin * MIN;
        const gran = req.granularityMin * MIN;
        const earliest = req.now + req.minNoticeMin * MIN;
        const latest = req.now + req.horizonDays * 86_400_000;
        for (const w of workIntervals(req)) {
          for (let t = w.start; t + dur <= w.end; t += MIN) {
            const local = t + offsetOn(req.timeZone, w.day, t) * MIN;
            if (local % gran !== 0 || t < earliest || t > latest) continue;
            const free = req.busy.every(
              (b) => t - req.bufferBeforeMin * MIN >= b.end || t + dur + req.bufferAfterMin * MIN <= b.start,
            );
            if (free) expect(offered.has(t)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a recommended slot touches busy time, a notice edge or the edge of work', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const req = build(s);
        const all = generateSlots(req);
        // On the grid only, an edge off the grid is met at the nearest grid point inside the gap.
        const near = req.offGridStarts ? 0 : req.granularityMin * MIN - MIN;
        for (const slot of all.filter((x) => x.recommended)) {
          const touchesBusy = req.busy.some(
            (b) =>
              slot.start - req.bufferBeforeMin * MIN <= b.end + near &&
              slot.end + req.bufferAfterMin * MIN >= b.start - near,
          );
          const touchesEdge = req.rules.some((r) => {
            for (let day = req.fromDay; day <= req.toDay; day++) {
              const ws = localToUtc(req.timeZone, day, r.start);
              const we = localToUtc(req.timeZone, day, r.end);
              if (Math.abs(slot.start - ws) <= near || Math.abs(slot.end - we) <= near) return true;
            }
            return false;
          });
          const firstAfterNotice =
            all[0] === slot || slot.start - (req.now + req.minNoticeMin * MIN) < req.granularityMin * MIN;
          expect(touchesBusy || touchesEdge || firstAfterNotice).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
