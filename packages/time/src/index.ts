/**
 * @cliniclick/time: the one time-zone core of the server and the web app. See README.md for the
 * rule on wall times that do not exist or happen twice.
 */

export { hourMarks, instantAt, localTimeOf, startOfDay, todayIn } from './calendar.ts';
export {
  addDays,
  clockOf,
  dayFromIso,
  isIsoDate,
  isoFromDay,
  isoWeekday,
  minutesOf,
  mondayOf,
  notBefore,
  weekdayOf,
} from './days.ts';
export { isoInstant } from './instant.ts';
export { DAY_MS, HOUR_MS, localToUtc, MINUTE_MS, offsetAt, offsetOn, utcToLocal } from './zone.ts';
