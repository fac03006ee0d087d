import { DAY_MS, HOUR_MS, MINUTE_MS } from './zone.ts';

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let isoDay = Number.NaN;
let isoDayPrefix = '';

/**
 * `new Date(ms).toISOString()` for instants of years 1970–9999, several times faster: the date
 * part is worked out once per UTC day (answers list hundreds of slots on a few days), the time
 * from arithmetic. Anything else goes to Date.
 */
export function isoInstant(ms: number): string {
  if (!(ms >= 0 && ms < 253_402_300_800_000) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const m = Math.floor(rest / MINUTE_MS);
  rest -= m * MINUTE_MS;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${isoDayPrefix}${TWO[h]}:${TWO[m]}:${TWO[s]}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
