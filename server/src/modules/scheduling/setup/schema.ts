import { z } from 'zod';
import { clinicParamsWith } from '../../../platform/http/route-kit.ts';
import { multiLine, singleLine } from '../../../platform/http/text.ts';
import { workRuleSchema } from '../hours/schema.ts';
import { color, minutes, modeSchema } from '../schema.ts';

export const doctorServiceSchema = z
  .object({
    serviceId: z.string().uuid(),
    durationMin: z.number().int().nullable().describe('Overrides the service’s duration for this doctor'),
    priceMinor: z.number().int().nullable().describe('Overrides the service’s price for this doctor'),
  })
  .meta({ id: 'DoctorService' });

export const doctorSchema = z
  .object({
    id: z.string().uuid().describe('The doctor’s user id'),
    name: z.string(),
    specialty: z.string().nullable(),
    bio: z.string().nullable(),
    photoUrl: z.string().nullable(),
    languages: z.array(z.string()),
    color: z.string().nullable(),
    services: z.array(doctorServiceSchema),
  })
  .meta({ id: 'Doctor' });

export type Doctor = z.infer<typeof doctorSchema>;

/** A doctor's profile fields, as the profile form and the set-up of an invited doctor send them. */
const doctorProfileFields = z.object({
  specialty: singleLine({ min: 0, max: 200 }).nullable(),
  bio: multiLine({ max: 4000 }).nullable(),
  photoUrl: z
    .string()
    .trim()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL')
    .nullable(),
  languages: z.array(singleLine({ min: 2, max: 35 })).max(20),
  color: color.nullable(),
});

export const updateDoctorBody = doctorProfileFields
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');

export type UpdateDoctorInput = z.infer<typeof updateDoctorBody>;

export const serviceSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    nameAr: z.string().nullable().describe('The name in Arabic, shown to Arabic readers when given'),
    durationMin: z.number().int(),
    priceMinor: z.number().int().describe('In minor units of the clinic’s currency (cents)'),
    currency: z.string(),
    mode: modeSchema,
    bufferBeforeMin: z.number().int(),
    bufferAfterMin: z.number().int(),
    color: z.string().nullable(),
    requiresRoom: z.boolean(),
    active: z.boolean(),
  })
  .meta({ id: 'Service' });

export type Service = z.infer<typeof serviceSchema>;

const serviceFields = {
  name: singleLine({ max: 200 }),
  nameAr: singleLine({ max: 200 }).nullable(),
  durationMin: z.number().int().min(5).max(720),
  priceMinor: z.number().int().min(0).max(1_000_000_000),
  mode: modeSchema,
  bufferBeforeMin: minutes(240),
  bufferAfterMin: minutes(240),
  color: color.nullable(),
  requiresRoom: z.boolean(),
  active: z.boolean(),
};

const roomOnlyInPerson = (b: { mode?: string | undefined; requiresRoom?: boolean | undefined }) =>
  !(b.requiresRoom && b.mode === 'online');

export const createServiceBody = z
  .object({
    ...serviceFields,
    bufferBeforeMin: serviceFields.bufferBeforeMin.default(0),
    bufferAfterMin: serviceFields.bufferAfterMin.default(0),
    color: serviceFields.color.optional(),
    nameAr: serviceFields.nameAr.optional(),
    requiresRoom: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .refine(roomOnlyInPerson, { message: 'an online service needs no room', path: ['requiresRoom'] });

export type CreateServiceInput = z.infer<typeof createServiceBody>;

export const updateServiceBody = z
  .object(serviceFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change')
  .refine(roomOnlyInPerson, { message: 'an online service needs no room', path: ['requiresRoom'] });

export type UpdateServiceInput = z.infer<typeof updateServiceBody>;

export const serviceParams = clinicParamsWith('serviceId');

export const doctorServiceParams = clinicParamsWith('doctorId', 'serviceId');

export const offerServiceBody = z.object({
  durationMin: z.number().int().min(5).max(720).nullable().default(null),
  priceMinor: z.number().int().min(0).max(1_000_000_000).nullable().default(null),
});

export type OfferServiceInput = z.infer<typeof offerServiceBody>;

export const roomSchema = z
  .object({ id: z.string().uuid(), name: z.string(), active: z.boolean() })
  .meta({ id: 'Room' });

export type Room = z.infer<typeof roomSchema>;

export const roomParams = clinicParamsWith('roomId');

export const createRoomBody = z.object({ name: singleLine({ max: 100 }) });

export const updateRoomBody = z
  .object({ name: singleLine({ max: 100 }), active: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');

/**
 * What an invitation to a doctor carries so the person starts set up: their profile, the services
 * they offer (with their own length or price where it differs) and their weekly hours. Staff
 * records exist only once the invitation is accepted, so the clinic cannot set these on the
 * doctor before; the plan is checked when the invitation is sent and applied in the transaction
 * that accepts it.
 */
export const doctorSetupSchema = z
  .object({
    profile: doctorProfileFields.partial().default({}),
    services: z
      .array(offerServiceBody.extend({ serviceId: z.string().uuid() }))
      .max(200)
      .default([])
      .refine(
        (list) => new Set(list.map((s) => s.serviceId)).size === list.length,
        'a service is listed twice',
      ),
    rules: z.array(workRuleSchema).max(100).default([]),
  })
  .meta({ id: 'DoctorSetup' });

export type DoctorSetup = z.infer<typeof doctorSetupSchema>;
export const visitRulesSchema = z
  .object({
    startBeforeCheckIn: z
      .boolean()
      .describe('A visit may start before the patient is checked in (off: check in first)'),
  })
  .meta({ id: 'VisitRules' });

export type VisitRulesBody = z.infer<typeof visitRulesSchema>;

export const serviceUsageSchema = z
  .object({
    since: z.string().describe('Visits starting from then on are counted (ISO 8601)'),
    items: z.array(
      z.object({
        doctorId: z.string().uuid(),
        serviceId: z.string().uuid(),
        booked: z.number().int().describe('Visits of this service with this doctor, lapsed holds left out'),
      }),
    ),
  })
  .meta({ id: 'ServiceUsage' });

export type ServiceUsage = z.infer<typeof serviceUsageSchema>;
