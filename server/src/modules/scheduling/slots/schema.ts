import { z } from 'zod';
import { daysBetween, localDate } from '../../../platform/http/dates.ts';
import { clinicParamsWith } from '../../../platform/http/route-kit.ts';
import { modeSchema } from '../schema.ts';

export const slotsParams = clinicParamsWith('serviceId');

/** The longest range of days one slots request may cover (to − from). */
export const SLOTS_MAX_DAYS = 31;

export const slotsQuery = z
  .object({
    doctorId: z.string().uuid().optional().describe('Omit for every doctor offering the service'),
    from: localDate('schedule')
      .optional()
      .describe('First local day (YYYY-MM-DD, clinic time zone); default: today'),
    to: localDate('schedule')
      .optional()
      .describe('Last local day, inclusive, at most 31 days after from; default: from + 6 days'),
    order: z.enum(['time', 'best']).default('time').describe('best: recommended slots first'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .describe(
        'At most this many slots, the first in the chosen order (order=time, limit=1: the earliest free time)',
      ),
    excludeAppointmentId: z
      .string()
      .uuid()
      .optional()
      .describe('The visit being moved: its own time counts as free, so a small shift is offered'),
  })
  .refine((q) => !q.from || !q.to || (q.from <= q.to && daysBetween(q.from, q.to) <= SLOTS_MAX_DAYS), {
    message: `to must not be before from, at most ${SLOTS_MAX_DAYS} days later`,
    path: ['to'],
  });

export type SlotsQuery = z.infer<typeof slotsQuery>;

export const slotSchema = z
  .object({
    doctorId: z.string().uuid(),
    start: z.string(),
    end: z.string(),
    recommended: z.boolean().describe('Packs the day: next to an appointment or the edge of work hours'),
    mode: modeSchema,
    roomId: z.string().uuid().nullable(),
  })
  .meta({ id: 'Slot' });

export const slotsResultSchema = z
  .object({
    timeZone: z.string(),
    serviceId: z.string().uuid(),
    slots: z.array(slotSchema),
  })
  .meta({ id: 'Slots' });

export type SlotsResult = z.infer<typeof slotsResultSchema>;
