import { z } from 'zod';
import { clinicParamsWith } from '../../../platform/http/route-kit.ts';

/** A clinic's online booking settings (the defaults until the owner changes them). */
export const bookingSettingsSchema = z
  .object({
    holdMinutes: z.number().int().min(2).max(60).describe('How long a visitor’s chosen time is held'),
    approvalHours: z
      .number()
      .int()
      .min(1)
      .max(168)
      .describe('How long the clinic has to answer a request before it lapses'),
    cancellationWindowHours: z
      .number()
      .int()
      .min(0)
      .max(168)
      .describe('Patients may cancel or move online up to this many hours before the visit'),
    reminderOffsetsMin: z
      .array(z.number().int().min(5).max(10080))
      .max(5)
      .describe('Reminders, in minutes before the visit'),
    waitlistOfferMode: z
      .enum(['one', 'all'])
      .describe('A freed slot is offered to one person at a time, or all'),
    waitlistOfferMinutes: z.number().int().min(5).max(1440),
    minNoticeMinutes: z
      .number()
      .int()
      .min(0)
      .max(10080)
      .describe('Online bookings start at least this long from now'),
    horizonDays: z.number().int().min(1).max(183).describe('Online bookings at most this many days ahead'),
  })
  .meta({ id: 'BookingSettings' });

export type BookingSettings = z.infer<typeof bookingSettingsSchema>;

export const bookingSettingsOutSchema = bookingSettingsSchema
  .extend({
    services: z.array(
      z.object({
        serviceId: z.string().uuid(),
        name: z.string(),
        nameAr: z.string().nullable(),
        requiresApproval: z.boolean(),
      }),
    ),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'BookingSettingsView' });

export type BookingSettingsView = z.infer<typeof bookingSettingsOutSchema>;

export const putBookingSettingsBody = bookingSettingsSchema.partial();
export type PutBookingSettings = z.infer<typeof putBookingSettingsBody>;

export const serviceApprovalParams = clinicParamsWith('serviceId');
export const serviceApprovalBody = z.object({ requiresApproval: z.boolean() });
