import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DAY_MS,
  dayFromIso,
  instantAt,
  isIsoDate,
  isoFromDay,
  isoWeekday,
  localTimeOf,
  localToUtc,
  MINUTE_MS,
  mondayOf,
  offsetAt,
  startOfDay,
  utcToLocal,
} from './index.ts';

// The core against an independent implementation: the Temporal polyfill resolves wall times with
// its own algorithm (its `compatible` disambiguation is the rule this package promises), over
// every zone this runtime knows and instants from 1975 to 2045.

const ZONES = Intl.supportedValuesOf('timeZone');
const FROM = Date.UTC(1975, 0, 1);
const TO = Date.UTC(2045, 0, 1);
const zone = fc.constantFrom(...ZONES);
const instant = fc.integer({ min: FROM, max: TO });
const minuteOfDay = fc.integer({ min: 0, max: 1439 });

/** What Temporal says a wall time (`YYYY-MM-DD`, minutes) in `zone` is, as epoch ms. */
function reference(zoneName: string, date: string, minutes: number): number {
  const wall = Temporal.PlainDate.from(date).toPlainDateTime({
    hour: Math.floor(minutes / 60),
    minute: minutes % 60,
  });
  return wall.toZonedDateTime(zoneName, { disambiguation: 'compatible' }).epochMilliseconds;
}

const wallOf = (zdt: Temporal.ZonedDateTime) => ({
  day: dayFromIso(zdt.toPlainDate().toString()),
  minute: zdt.hour * 60 + zdt.minute,
});

/** The eight DST edge cases of the issue: four of them the web app used to get wrong. */
const EDGE_CASES: Array<[name: string, zone: string, date: string, clock: string, utc: string]> = [
  ['New York spring forward (gap)', 'America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z'],
  ['New York fall back (twice)', 'America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'],
  ['London spring forward (gap)', 'Europe/London', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'],
  ['London fall back (twice)', 'Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'],
  ['Adelaide spring forward (gap)', 'Australia/Adelaide', '2026-10-04', '02:30', '2026-10-03T17:00:00.000Z'],
  ['Adelaide fall back (twice)', 'Australia/Adelaide', '2026-04-05', '02:30', '2026-04-04T16:00:00.000Z'],
  ['São Paulo skipped midnight', 'America/Sao_Paulo', '2018-11-04', '00:00', '2018-11-04T03:00:00.000Z'],
  ['São Paulo fall back (twice)', 'America/Sao_Paulo', '2019-02-16', '23:30', '2019-02-17T01:30:00.000Z'],
];

describe('the issue’s DST edge cases', () => {
  for (const [name, z, date, clock, utc] of EDGE_CASES) {
    it(`${name}: ${date} ${clock} in ${z} is ${utc}`, () => {
      const [h, m] = clock.split(':').map(Number);
      const minutes = (h ?? 0) * 60 + (m ?? 0);
      expect(instantAt(date, minutes, z).toISOString()).toBe(utc);
      expect(new Date(reference(z, date, minutes)).toISOString()).toBe(utc);
    });
  }
});

describe('against Temporal', () => {
  it(`instant → wall clock and offset agree, in all ${ZONES.length} zones`, () => {
    fc.assert(
      fc.property(zone, instant, (z, ms) => {
        const zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(z);
        expect(utcToLocal(z, ms)).toEqual(wallOf(zdt));
        expect(offsetAt(z, ms)).toBe(Math.round(zdt.offsetNanoseconds / 60e9));
        expect(localTimeOf(new Date(ms), z)).toEqual({
          day: zdt.toPlainDate().toString(),
          minutes: zdt.hour * 60 + zdt.minute,
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('wall clock → instant agrees on any day', () => {
    fc.assert(
      fc.property(zone, instant, minuteOfDay, (z, ms, minutes) => {
        const date = isoFromDay(Math.floor(ms / DAY_MS));
        expect(localToUtc(z, dayFromIso(date), minutes)).toBe(reference(z, date, minutes));
      }),
      { numRuns: 3000 },
    );
  });

  it('wall clock → instant agrees around every kind of transition (gaps and repeats)', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: -26 * 60, max: 26 * 60 }), (z, ms, delta) => {
        const next = Temporal.Instant.fromEpochMilliseconds(ms)
          .toZonedDateTimeISO(z)
          .getTimeZoneTransition('next');
        if (!next || next.epochMilliseconds > TO) return;
        // A wall time `delta` minutes from the transition, read on the clock before it.
        const before = next.subtract({ nanoseconds: 1 }).offsetNanoseconds / 1e6;
        const wallMs = next.epochMilliseconds + before + delta * MINUTE_MS;
        const day = Math.floor(wallMs / DAY_MS);
        const minutes = Math.floor((wallMs - day * DAY_MS) / MINUTE_MS);
        expect(localToUtc(z, day, minutes)).toBe(reference(z, isoFromDay(day), minutes));
      }),
      { numRuns: 800 }, // Temporal's transition search is the slow part: ~2 ms a run,
    );
  });

  it('the start of a day is the first instant Temporal gives it', () => {
    fc.assert(
      fc.property(zone, instant, (z, ms) => {
        const date = isoFromDay(Math.floor(ms / DAY_MS));
        const first = Temporal.PlainDate.from(date).toZonedDateTime(z).epochMilliseconds;
        expect(startOfDay(date, z).getTime()).toBe(first);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ISO dates against Temporal.PlainDate', () => {
  const date = fc
    .integer({ min: dayFromIso('1900-01-01'), max: dayFromIso('2200-12-31') })
    .map((d) => isoFromDay(d));

  it('add days, ISO weekday, Monday of the week', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (d, n) => {
        const plain = Temporal.PlainDate.from(d);
        expect(addDays(d, n)).toBe(plain.add({ days: n }).toString());
        expect(isoWeekday(d)).toBe(plain.dayOfWeek);
        expect(mondayOf(d)).toBe(plain.subtract({ days: plain.dayOfWeek - 1 }).toString());
      }),
    );
  });

  it('a calendar date is real or refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 1, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          let real = true;
          try {
            Temporal.PlainDate.from(text, { overflow: 'reject' });
          } catch {
            real = false;
          }
          expect(isIsoDate(text)).toBe(real);
        },
      ),
    );
    for (const bad of ['', '2026-3-8', '2026-03-08T00:00', 'tomorrow', null, undefined])
      expect(isIsoDate(bad)).toBe(false);
  });
});
