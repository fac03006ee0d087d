import { DAY_MS, localToUtc, MINUTE_MS, utcToLocal } from '@cliniclick/time';

/** The clinic's reminder offsets before a visit, in minutes, until booking settings say otherwise. */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = [1440, 120];

/**
 * When a reminder `offsetMin` before `startsAt` is due. Whole days count on the clinic's calendar:
 * "a day before" a 09:00 visit is 09:00 the day before, local time, even when a DST change lies
 * between (then it is 23 or 25 real hours earlier) — what a patient reading "tomorrow at 09:00"
 * expects. Other offsets (2 h) are real minutes.
 */
export function reminderDueAt(startsAt: Date, offsetMin: number, timeZone: string): Date {
  if (offsetMin > 0 && offsetMin % 1440 === 0) {
    const { day, minute } = utcToLocal(timeZone, startsAt.getTime());
    const seconds = startsAt.getTime() % MINUTE_MS;
    return new Date(localToUtc(timeZone, day - offsetMin / 1440, minute) + seconds);
  }
  return new Date(startsAt.getTime() - offsetMin * MINUTE_MS);
}

/** How long a self-service link works: until a few days after the visit. */
export const LINK_GRACE_MS = 7 * DAY_MS;
