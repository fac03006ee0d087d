import { z } from 'zod';
import { clinicParamsWith } from '../../../platform/http/route-kit.ts';
import { modeSchema } from '../schema.ts';

export const slotsParams = clinicParamsWith('serviceId');

export const slotsQuery = z
  .object({
    doctorId: z.string().uuid().optional().describe('Omit for every doctor offering the service'),
    from: z.iso.date().optional().describe('First local day (YYYY-MM-DD, clinic time zone); default: today'),
    to: z.iso
      .date()
      .optional()
      .describe('Last local day, inclusive, at most 31 days after from; default: from + 6 days'),
    order: z.enum(['time', 'best']).default('time').describe('best: recommended slots first'),
    excludeAppointmentId: z
      .string()
      .uuid()
      .optional()
      .describe('The visit being moved: its own time counts as free, so a small shift is offered'),
  })
  .refine(
    (q) => !q.from || !q.to || (q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= 31 * 86_400_000),
    {
      message: 'to must not be before from, at most 31 days later',
      path: ['to'],
    },
  );

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
