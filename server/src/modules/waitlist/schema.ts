import { z } from 'zod';
import { instant, localDate } from '../../platform/http/dates.ts';
import { clinicParamsWith, uuidParam } from '../../platform/http/route-kit.ts';
import { multiLine, singleLine } from '../../platform/http/text.ts';
import { OFFER_STATUSES, PARTS_OF_DAY, PRIORITIES, WISH_SOURCES, WISH_STATUSES } from './core.ts';

/** The waitlist's API shapes. */

export const partsSchema = z.array(z.enum(PARTS_OF_DAY)).max(3).describe('Empty: any time of day');
export const prioritySchema = z.enum(PRIORITIES);

const wishFields = {
  doctorId: uuidParam().optional().describe('A doctor, a service, or both'),
  serviceId: uuidParam().optional(),
  fromDate: localDate(),
  toDate: localDate(),
  parts: partsSchema.default([]),
  note: multiLine({ max: 500 }).optional(),
};

export const createWishBody = z
  .object({
    ...wishFields,
    patientId: uuidParam().optional(),
    patient: z
      .object({ fullName: singleLine({ max: 200 }), phone: z.string().trim().min(4).max(32) })
      .optional()
      .describe('Quick-create (name and phone) instead of patientId'),
    priority: prioritySchema.default('normal'),
  })
  .describe('A wish for a time; staff give the patient, a patient adds their own');
export type CreateWishInput = z.infer<typeof createWishBody>;

export const myWishBody = z.object(wishFields);
export type MyWishInput = z.infer<typeof myWishBody>;

export const updateWishBody = z.object({
  doctorId: uuidParam().nullable().optional(),
  serviceId: uuidParam().nullable().optional(),
  fromDate: localDate().optional(),
  toDate: localDate().optional(),
  parts: partsSchema.optional(),
  priority: prioritySchema.optional(),
  note: multiLine({ max: 500 }).nullable().optional(),
});
export type UpdateWishInput = z.infer<typeof updateWishBody>;

export const offerSchema = z
  .object({
    id: z.string(),
    status: z.enum(OFFER_STATUSES),
    mode: z.enum(['one', 'all']),
    startsAt: z.string(),
    expiresAt: z.string(),
    appointmentId: z.string().nullable(),
  })
  .meta({ id: 'WaitlistOffer' });

export const wishSchema = z
  .object({
    id: z.string(),
    patientId: z.string(),
    patientName: z.string(),
    patientPhone: z.string().nullable(),
    doctorId: z.string().nullable(),
    doctorName: z.string().nullable(),
    serviceId: z.string().nullable(),
    serviceName: z.string().nullable(),
    serviceNameAr: z.string().nullable(),
    fromDate: z.string(),
    toDate: z.string(),
    parts: partsSchema,
    priority: prioritySchema,
    status: z.enum(WISH_STATUSES),
    source: z.enum(WISH_SOURCES),
    note: z.string().nullable(),
    appointmentId: z.string().nullable(),
    createdAt: z.string(),
    offers: z.array(offerSchema).describe('The latest offers made for this wish'),
  })
  .meta({ id: 'Wish' });
export type Wish = z.infer<typeof wishSchema>;

export const listWishesQuery = z.object({
  status: z
    .enum(['active', ...WISH_STATUSES])
    .default('active')
    .describe('active: waiting or offered'),
});

export const matchesQuery = z.object({
  doctorId: uuidParam(),
  startsAt: instant('schedule'),
  endsAt: instant('schedule'),
});

export const bookWishBody = z.object({
  doctorId: uuidParam(),
  startsAt: instant('schedule'),
  serviceId: uuidParam().optional().describe('Default: the wish’s service'),
});

export const wishParams = clinicParamsWith('wishId');
