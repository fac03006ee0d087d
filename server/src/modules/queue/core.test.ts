import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkInCodeOf,
  clinicOfToken,
  deskCodeOf,
  newDisplayToken,
  normalizeCode,
  ticketTokenOf,
} from './codes.ts';
import {
  accuracyOf,
  arrivalOf,
  type Duration,
  earliestGap,
  estimateMinutes,
  estimateStarts,
  initialsOf,
  lineOf,
  median,
  movedOrder,
  nextState,
} from './core.ts';

const at = (min: number) => new Date(Date.UTC(2026, 2, 2, 8, 0) + min * 60_000);
const d = (doctorId: string, serviceId: string, minutes: number, ago = 0): Duration => ({
  doctorId,
  serviceId,
  minutes,
  finishedAt: at(-ago),
});

describe('queue estimates', () => {
  it('take the median of the doctor’s recent consultations of the service', () => {
    const history = [
      d('a', 's', 10, 1),
      d('a', 's', 12, 2),
      d('a', 's', 60, 3),
      d('a', 't', 40),
      d('b', 's', 5),
    ];
    expect(estimateMinutes(history, 'a', 's', 30)).toBe(12);
  });

  it('use only the last 20 of them', () => {
    const old = Array.from({ length: 30 }, (_, i) => d('a', 's', 50, 100 + i));
    const recent = Array.from({ length: 20 }, (_, i) => d('a', 's', 8, i));
    expect(estimateMinutes([...old, ...recent], 'a', 's', 30)).toBe(8);
  });

  it('fall back to the doctor’s other services, then the booked length, then 15 minutes', () => {
    expect(estimateMinutes([d('a', 't', 20), d('a', 'u', 24)], 'a', 's', 30)).toBe(22);
    expect(estimateMinutes([d('b', 's', 5)], 'a', 's', 30)).toBe(30);
    expect(estimateMinutes([], 'a', 's', null)).toBe(15);
  });

  it('a line starts after the current consultation’s expected end, never before now', () => {
    const line = [
      { id: 'x', minutes: 10 },
      { id: 'y', minutes: 20 },
      { id: 'z', minutes: 5 },
    ];
    const s = estimateStarts(at(0), { startedAt: at(-5), minutes: 15 }, line);
    expect([s.get('x'), s.get('y'), s.get('z')]).toEqual([at(10), at(20), at(40)]);
    // An overrunning consultation: the next one is "now", not in the past.
    expect(estimateStarts(at(0), { startedAt: at(-60), minutes: 15 }, line).get('x')).toEqual(at(0));
  });

  it('each start is the one before plus its estimate (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 30 }), (mins) => {
        const line = mins.map((minutes, i) => ({ id: String(i), minutes }));
        const s = estimateStarts(at(0), null, line);
        let t = at(0).getTime();
        for (const e of line) {
          expect(s.get(e.id)?.getTime()).toBe(t);
          t += e.minutes * 60_000;
        }
      }),
    );
  });

  it('accuracy: mean absolute and signed error, share within 10 minutes', () => {
    expect(
      accuracyOf([{ errorMinutes: 5 }, { errorMinutes: -15 }, { errorMinutes: 10 }, { errorMinutes: 0 }]),
    ).toEqual({
      samples: 4,
      meanAbsErrorMinutes: 7.5,
      meanErrorMinutes: 0,
      within10Share: 0.75,
    });
    expect(accuracyOf([]).samples).toBe(0);
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('queue order', () => {
  const e = (
    id: string,
    rank: number,
    urgent = false,
    state: 'waiting' | 'called' = 'waiting',
    calledAt: Date | null = null,
  ) => ({
    id,
    rank,
    urgent,
    state,
    calledAt,
    arrivedAt: at(0),
  });

  it('called first, then urgent, then by rank', () => {
    const line = lineOf([e('a', 1), e('b', 2, true), e('c', 3, false, 'called', at(1)), e('d', 0)]);
    expect(line.map((x) => x.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('a move keeps every entry once and puts the moved one where asked (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.integer({ min: -3, max: 30 }),
        (ids, pick, pos) => {
          const id = ids[pick % ids.length] as string;
          const out = movedOrder(ids, id, pos);
          expect([...out].sort()).toEqual([...ids].sort());
          expect(out.indexOf(id)).toBe(Math.min(Math.max(pos - 1, 0), ids.length - 1));
        },
      ),
    );
  });

  it('states move only along the allowed steps', () => {
    expect(nextState('waiting', 'call')).toBe('called');
    expect(nextState('called', 'return')).toBe('waiting');
    expect(nextState('waiting', 'start')).toBe('in_consultation');
    expect(nextState('in_consultation', 'finish')).toBe('done');
    expect(nextState('done', 'check-out')).toBe('checked_out');
    expect(nextState('called', 'left')).toBe('left');
    expect(nextState('done', 'left')).toBeNull();
    expect(nextState('checked_out', 'call')).toBeNull();
    expect(nextState('waiting', 'finish')).toBeNull();
  });
});

describe('arrivals and walk-ins', () => {
  it('early, on time (±5 min) or late, with the minutes', () => {
    expect(arrivalOf(at(0), at(20), 'desk')).toEqual({ arrival: 'early', minutes: 20 });
    expect(arrivalOf(at(24), at(20), 'desk')).toEqual({ arrival: 'on_time', minutes: 4 });
    expect(arrivalOf(at(35), at(20), 'self')).toEqual({ arrival: 'late', minutes: 15 });
    expect(arrivalOf(at(35), at(20), 'walk_in')).toEqual({ arrival: 'walk_in', minutes: 0 });
  });

  const M = 60_000;
  const opts = { from: 3 * M, until: 600 * M, lengthMs: 30 * M, beforeMs: 0, afterMs: 0, stepMs: 5 * M };

  it('the first gap long enough, on the 5-minute grid, buffers kept', () => {
    expect(earliestGap([], opts)).toBe(5 * M);
    expect(
      earliestGap(
        [
          { start: 0, end: 30 * M },
          { start: 50 * M, end: 80 * M },
        ],
        opts,
      ),
    ).toBe(80 * M);
    expect(earliestGap([{ start: 0, end: 32 * M }], { ...opts, afterMs: 10 * M })).toBe(35 * M);
    expect(earliestGap([{ start: 0, end: 600 * M }], opts)).toBeNull();
  });

  it('never overlaps a busy interval (property)', () => {
    const interval = fc
      .tuple(fc.nat(500), fc.integer({ min: 1, max: 90 }))
      .map(([s, l]) => ({ start: s * M, end: (s + l) * M }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 12 }), (busy) => {
        const start = earliestGap(busy, opts);
        if (start === null) return;
        expect(start % opts.stepMs).toBe(0);
        expect(start).toBeGreaterThanOrEqual(opts.from);
        for (const b of busy) expect(b.start < start + opts.lengthMs && b.end > start).toBe(false);
      }),
    );
  });

  it('initials only, never a whole name', () => {
    expect(initialsOf('Sara Ali')).toBe('S. A.');
    expect(initialsOf('  lina  maria nasser ')).toBe('L. N.');
    expect(initialsOf('سارة علي')).toBe('س. ع.');
  });
});

describe('queue codes', () => {
  const clinic = '0190f1c2-0000-7000-8000-000000000001';
  it('check-in codes: 10 characters, stable, distinct per appointment, typed loosely', () => {
    const a = checkInCodeOf('s', clinic, 'a1');
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(checkInCodeOf('s', clinic, 'a1')).toBe(a);
    expect(checkInCodeOf('s', clinic, 'a2')).not.toBe(a);
    expect(normalizeCode(` ${a.slice(0, 5).toLowerCase()}-${a.slice(5)} `)).toBe(a);
  });

  it('desk codes: 4 digits per clinic and day', () => {
    expect(deskCodeOf('s', clinic, '2026-03-02')).toMatch(/^\d{4}$/);
  });

  it('tokens carry their clinic; anything else names none', () => {
    expect(clinicOfToken(ticketTokenOf('s', clinic, 'e1'))).toBe(clinic);
    expect(clinicOfToken(newDisplayToken(clinic))).toBe(clinic);
    expect(clinicOfToken('short')).toBeNull();
    expect(clinicOfToken('!'.repeat(54))).toBeNull();
  });
});
