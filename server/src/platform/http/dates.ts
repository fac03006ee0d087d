import { DAY_MS, todayIn } from '@cliniclick/time';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { badRequest } from './errors.ts';

/**
 * Every date and instant the API accepts, bounded in one place.
 *
 * JavaScript writes a year past 9999 as `+010000-…`, which PostgreSQL refuses (22009), and a date a
 * few centuries away is never what a clinic meant. So every date field is built by `instant()` or
 * `localDate()`: well-formed and within the SANE years, checked by the schema itself; and a field
 * given a window is checked, after validation, against the request's now (the injected clock) and
 * the clinic's today (its time zone), by the one hook below. Out of bounds: 400 `date_out_of_range`
 * naming the field.
 */

/** No date the API accepts lies outside these days, whatever the field. */
export const SANE_DATES = { earliest: '1900-01-01', latest: '2200-12-31' } as const;

/**
 * Windows around the request's now (instants) or the clinic's today (local dates), in calendar
 * years. `yearsBack: null`: back to SANE_DATES.earliest.
 */
export const DATE_WINDOWS = {
  /** Visits and the working calendar: ten years of history, five years of future bookings. */
  schedule: { yearsBack: 10, yearsAhead: 5 },
  /** Dates of birth: from 1900 up to the clinic's today. */
  birth: { yearsBack: null, yearsAhead: 0 },
} as const satisfies Record<string, { yearsBack: number | null; yearsAhead: number }>;

export type DateWindow = keyof typeof DATE_WINDOWS;

export const DATE_OUT_OF_RANGE = 'date_out_of_range';

const EARLIEST_MS = Date.parse(`${SANE_DATES.earliest}T00:00:00Z`);
const LATEST_MS = Date.parse(`${SANE_DATES.latest}T23:59:59.999Z`);
const saneMessage = `must be between ${SANE_DATES.earliest} and ${SANE_DATES.latest}`;
const outOfRange = { message: saneMessage, params: { code: DATE_OUT_OF_RANGE } };

/** The check that carries a field's window, so the hook finds it however the schema is wrapped. */
const windows = new WeakMap<object, DateWindow>();

function withWindow<T extends z.ZodString | z.ZodISODateTime | z.ZodISODate>(
  schema: T,
  window?: DateWindow,
): T {
  const check = schema._zod.def.checks?.at(-1);
  if (window && check) windows.set(check, window);
  return schema;
}

/** An ISO 8601 instant with its offset, between 1900 and 2200; with a `window`, within it too. */
export function instant(window?: DateWindow) {
  const schema = z.iso.datetime({ offset: true }).refine((v) => {
    // An expanded year (`+010000-…`) is out of range, whatever else is wrong with it.
    if (/^[+-]/.test(v)) return false;
    const ms = Date.parse(v);
    return Number.isNaN(ms) || (ms >= EARLIEST_MS && ms <= LATEST_MS);
  }, outOfRange);
  return withWindow(schema, window);
}

/** A calendar date `YYYY-MM-DD`, between 1900 and 2200; with a `window`, within it too. */
export function localDate(window?: DateWindow) {
  const schema = z.iso
    .date()
    .refine(
      (v) =>
        /^[+-]/.test(v) === false &&
        (!/^\d{4}-/.test(v) || (v >= SANE_DATES.earliest && v <= SANE_DATES.latest)),
      outOfRange,
    );
  return withWindow(schema, window);
}

/** `date` moved by whole calendar years (29 February → 28 February). */
function addYearsToDate(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}

function addYearsToInstant(at: Date, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export interface WindowContext {
  now: Date;
  /** The clinic's zone (its today bounds local dates); UTC outside a clinic. */
  timeZone: string;
}

/** The first and last allowed value of a window: ISO instants, or local dates for a date field. */
export function windowBounds(window: DateWindow, kind: 'instant' | 'date', ctx: WindowContext) {
  const { yearsBack, yearsAhead } = DATE_WINDOWS[window];
  if (kind === 'instant') {
    const earliest = yearsBack === null ? new Date(EARLIEST_MS) : addYearsToInstant(ctx.now, -yearsBack);
    return { earliest: earliest.toISOString(), latest: addYearsToInstant(ctx.now, yearsAhead).toISOString() };
  }
  const today = todayIn(ctx.timeZone, ctx.now);
  return {
    earliest: yearsBack === null ? SANE_DATES.earliest : addYearsToDate(today, -yearsBack),
    latest: addYearsToDate(today, yearsAhead),
  };
}

/** 400 `date_out_of_range` naming `field` unless `value` (an instant, or a `YYYY-MM-DD` date) is in `window`. */
export function assertInWindow(
  field: string,
  value: string | Date,
  window: DateWindow,
  ctx: WindowContext,
): void {
  const kind = typeof value === 'string' && value.length === 10 ? 'date' : 'instant';
  const { earliest, latest } = windowBounds(window, kind, ctx);
  const inside =
    kind === 'date'
      ? value >= earliest && value <= latest
      : new Date(value).getTime() >= Date.parse(earliest) && new Date(value).getTime() <= Date.parse(latest);
  if (inside) return;
  const message = `must be between ${earliest} and ${latest}`;
  throw badRequest(DATE_OUT_OF_RANGE, `Invalid ${field}: ${message}`, {
    errors: [{ field, message, code: DATE_OUT_OF_RANGE }],
  });
}

interface WindowedField {
  path: string[];
  window: DateWindow;
}

type Def = {
  type: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  checks?: object[];
};
const defOf = (schema: unknown): Def | undefined =>
  (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The fields of a (possibly wrapped, possibly nested) object schema that carry a window. */
function windowedFields(schema: unknown, path: string[] = []): WindowedField[] {
  let def = defOf(schema);
  while (def && (def.innerType !== undefined || def.type === 'pipe')) {
    def = defOf(def.type === 'pipe' ? def.in : def.innerType);
  }
  if (!def) return [];
  if (def.type === 'object') {
    return Object.entries(def.shape ?? {}).flatMap(([k, v]) => windowedFields(v, [...path, k]));
  }
  const window = def.checks?.map((c) => windows.get(c)).find((w) => w !== undefined);
  return window ? [{ path, window }] : [];
}

const fieldsBySchema = new WeakMap<object, WindowedField[]>();

function fieldsOf(schema: unknown): WindowedField[] {
  if (!schema || typeof schema !== 'object') return [];
  let fields = fieldsBySchema.get(schema);
  if (!fields) {
    fields = windowedFields(schema);
    fieldsBySchema.set(schema, fields);
  }
  return fields;
}

function valueAt(data: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    data,
  );
}

/**
 * The one place windows are checked: after validation (values are well-formed), with the clinic the
 * access hook resolved, before the handler runs, so an out-of-window value reaches no service.
 */
export function registerDateWindows(app: FastifyInstance, clock: Clock): void {
  app.addHook('preHandler', async (request) => {
    const schema = request.routeOptions.schema as FastifySchema | undefined;
    if (!schema) return;
    for (const [part, data] of [
      [schema.body, request.body],
      [schema.querystring, request.query],
    ] as const) {
      const fields = fieldsOf(part);
      if (fields.length === 0) continue;
      const ctx = { now: clock.now(), timeZone: request.clinic?.timeZone ?? 'UTC' };
      for (const { path, window } of fields) {
        const value = valueAt(data, path);
        if (typeof value === 'string') assertInWindow(path.join('.'), value, window, ctx);
      }
    }
  });
}

/** Whole days from one date or instant to another (for bounding a range's length). */
export const daysBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY_MS;
