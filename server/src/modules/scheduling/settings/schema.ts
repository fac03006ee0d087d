import { z } from 'zod';
import { daysBetween, localDate } from '../../../platform/http/dates.ts';

/** The grids suggested start times may sit on, in minutes (each divides an hour). */
export const SLOT_GRIDS = [5, 10, 15, 20, 30, 60] as const;

export const schedulingSettingsSchema = z
  .object({
    slotGridMin: z
      .union(SLOT_GRIDS.map((g) => z.literal(g)))
      .describe('Suggested start times sit on this local grid, in minutes (15: :00, :15, :30, :45)'),
    offGridStarts: z
      .boolean()
      .describe(
        'Also suggest starts off the grid at the edges of free time (2:05 PM after a visit ending then)',
      ),
    updatedAt: z.string().nullable().describe('null while the clinic has the defaults'),
  })
  .meta({ id: 'SchedulingSettings' });

export type SchedulingSettings = z.infer<typeof schedulingSettingsSchema>;

export const putSchedulingSettingsBody = schedulingSettingsSchema.omit({ updatedAt: true }).strict();

export type PutSchedulingSettings = z.infer<typeof putSchedulingSettingsBody>;

/** The longest range one work-days request may cover (to − from). */
export const WORK_DAYS_MAX_DAYS = 62;

export const workDaysQuery = z
  .object({
    from: localDate('schedule').describe('First local day (YYYY-MM-DD, clinic time zone)'),
    to: localDate('schedule').describe(`Last local day, inclusive, at most ${WORK_DAYS_MAX_DAYS} days later`),
    doctorId: z.string().uuid().optional().describe('Omit for every active doctor'),
  })
  .refine((q) => q.from <= q.to && daysBetween(q.from, q.to) <= WORK_DAYS_MAX_DAYS, {
    message: `to must not be before from, at most ${WORK_DAYS_MAX_DAYS} days later`,
    path: ['to'],
  });

export type WorkDaysQuery = z.infer<typeof workDaysQuery>;

export const workDaysSchema = z
  .object({
    days: z.array(
      z.object({
        date: z.string(),
        open: z.boolean().describe('Some doctor (or the one asked about) works that day, exceptions applied'),
      }),
    ),
  })
  .meta({ id: 'WorkDays' });

export type WorkDays = z.infer<typeof workDaysSchema>;
