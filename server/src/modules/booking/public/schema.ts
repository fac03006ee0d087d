import { z } from 'zod';
import { instant, localDate } from '../../../platform/http/dates.ts';
import { uuidParam } from '../../../platform/http/route-kit.ts';
import { singleLine } from '../../../platform/http/text.ts';

/** The public booking API's shapes (no staff data: names of services and doctors, free times). */

export const slugParams = z.object({ slug: z.string().min(1).max(80) });
export const holdParams = slugParams.extend({ holdId: uuidParam() });

export const publicServiceSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    nameAr: z.string().nullable(),
    durationMin: z.number().int(),
    priceMinor: z.number().int(),
    currency: z.string(),
    mode: z.enum(['in_person', 'online']),
    requiresApproval: z.boolean().describe('Booked online, it waits for the clinic’s approval'),
  })
  .meta({ id: 'PublicService' });

export const publicDoctorSchema = z
  .object({ id: z.string().uuid(), name: z.string(), specialty: z.string().nullable() })
  .meta({ id: 'PublicDoctor' });

export const doctorChoice = z.union([uuidParam(), z.literal('any')]);

export const doctorsQuery = z.object({ serviceId: uuidParam() });

export const daysQuery = z.object({
  serviceId: uuidParam(),
  doctorId: doctorChoice.default('any'),
  from: localDate().optional().describe('First local day; default today'),
});

export const slotsQuery = z.object({
  serviceId: uuidParam(),
  doctorId: doctorChoice.default('any'),
  date: localDate().describe('A local day (YYYY-MM-DD, the clinic’s time zone)'),
});

export const publicSlotSchema = z
  .object({
    doctorId: z.string().uuid(),
    doctorName: z.string(),
    start: z.string(),
    end: z.string(),
    recommended: z.boolean(),
  })
  .meta({ id: 'PublicSlot' });

export const holdBody = z.object({
  serviceId: uuidParam(),
  doctorId: doctorChoice.describe('A doctor, or "any": the first one free at that time'),
  startsAt: instant(),
});
export type HoldInput = z.infer<typeof holdBody>;

export const holdSchema = z
  .object({
    holdId: z.string().uuid(),
    holdSecret: z
      .string()
      .describe('Proves the hold is yours: send it with details and verify (the pages keep it in a cookie)'),
    status: z.string(),
    serviceId: z.string().uuid(),
    serviceName: z.string(),
    serviceNameAr: z.string().nullable(),
    doctorId: z.string().uuid(),
    doctorName: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    holdExpiresAt: z.string().nullable(),
  })
  .meta({ id: 'PublicHold' });
export type PublicHold = z.infer<typeof holdSchema>;

export const detailsBody = z.object({
  holdSecret: z.string().min(20).max(200),
  name: singleLine({ max: 200 }),
  phone: z.string().trim().min(5).max(30),
  email: z.string().trim().email().max(320).optional(),
  language: z.enum(['en', 'ar']).default('en'),
  website: z.string().max(200).optional().describe('Leave empty (a field only robots fill in)'),
});
export type DetailsInput = z.infer<typeof detailsBody>;

export const codeSentSchema = z.object({
  phone: z.string().describe('Where the code went, partly hidden'),
  codeExpiresAt: z.string(),
  resendAfterSeconds: z.number().int(),
});
export type CodeSent = z.infer<typeof codeSentSchema>;

export const verifyBody = z.object({
  holdSecret: z.string().min(20).max(200),
  code: z.string().trim().min(1).max(12),
});

export const bookedSchema = holdSchema
  .omit({ holdSecret: true })
  .extend({
    appointmentId: z.string().uuid(),
    status: z.enum(['confirmed', 'requested']),
    selfServiceUrl: z
      .string()
      .nullable()
      .describe('Where the patient manages the visit, once the self-service link exists (null for now)'),
  })
  .meta({ id: 'PublicBooking' });
export type PublicBooking = z.infer<typeof bookedSchema>;
