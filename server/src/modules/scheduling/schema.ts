import { z } from 'zod';

/** Clinic set-up: doctors, services, rooms, work hours, exceptions. */

export const modeSchema = z.enum(['in_person', 'online']);
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1e88e5')
  .transform((c) => c.toLowerCase());
const minutes = (max: number) => z.number().int().min(0).max(max);

/** Wall-clock time in the clinic's zone, "HH:MM"; "24:00" is the end of the day. */
export const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time like 09:30')
  .describe('HH:MM in the clinic’s time zone');

export const clinicParams = z.object({ clinicId: z.string() });
export const doctorParams = clinicParams.extend({ doctorId: z.string().uuid() });

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

export const updateDoctorBody = z
  .object({
    specialty: z.string().trim().max(200).nullable(),
    bio: z.string().max(4000).nullable(),
    photoUrl: z
      .string()
      .trim()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL')
      .nullable(),
    languages: z.array(z.string().trim().min(2).max(35)).max(20),
    color: color.nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');
export type UpdateDoctorInput = z.infer<typeof updateDoctorBody>;

export const serviceSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
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
  name: z.string().trim().min(1).max(200),
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

export const serviceParams = clinicParams.extend({ serviceId: z.string().uuid() });
export const doctorServiceParams = doctorParams.extend({ serviceId: z.string().uuid() });
export const offerServiceBody = z.object({
  durationMin: z.number().int().min(5).max(720).nullable().default(null),
  priceMinor: z.number().int().min(0).max(1_000_000_000).nullable().default(null),
});
export type OfferServiceInput = z.infer<typeof offerServiceBody>;

export const roomSchema = z
  .object({ id: z.string().uuid(), name: z.string(), active: z.boolean() })
  .meta({ id: 'Room' });
export type Room = z.infer<typeof roomSchema>;
export const roomParams = clinicParams.extend({ roomId: z.string().uuid() });
export const createRoomBody = z.object({ name: z.string().trim().min(1).max(100) });
export const updateRoomBody = z
  .object({ name: z.string().trim().min(1).max(100), active: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');

export const workRuleSchema = z
  .object({
    weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 = Monday … 7 = Sunday'),
    start: clockTime,
    end: clockTime,
    mode: modeSchema,
    roomId: z.string().uuid().nullable().default(null),
  })
  .meta({ id: 'WorkRule' });
export type WorkRuleInput = z.infer<typeof workRuleSchema>;

export const putWorkHoursBody = z.object({ rules: z.array(workRuleSchema).max(100) });
export type PutWorkHoursInput = z.infer<typeof putWorkHoursBody>;

export const workHoursSchema = z
  .object({ doctorId: z.string().uuid(), timeZone: z.string(), rules: z.array(workRuleSchema) })
  .meta({ id: 'WorkHours' });
export type WorkHours = z.infer<typeof workHoursSchema>;

export const exceptionKind = z.enum(['time_off', 'closure', 'extra']);
export const exceptionSchema = z
  .object({
    id: z.string().uuid(),
    kind: exceptionKind.describe('time_off (a doctor), closure (the whole clinic), extra (added hours)'),
    doctorId: z.string().uuid().nullable().describe('null for a clinic-wide closure'),
    fromDate: z.string().describe('YYYY-MM-DD, local'),
    toDate: z.string().describe('YYYY-MM-DD, local, inclusive'),
    start: clockTime.nullable().describe('null: the whole day'),
    end: clockTime.nullable(),
    mode: modeSchema.nullable(),
    roomId: z.string().uuid().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ScheduleException' });
export type ScheduleException = z.infer<typeof exceptionSchema>;

export const createExceptionBody = z
  .object({
    kind: exceptionKind,
    doctorId: z.string().uuid().nullable().default(null),
    fromDate: z.iso.date(),
    toDate: z.iso.date(),
    start: clockTime.nullable().default(null),
    end: clockTime.nullable().default(null),
    mode: modeSchema.nullable().default(null),
    roomId: z.string().uuid().nullable().default(null),
    note: z.string().trim().max(500).nullable().default(null),
  })
  .refine((b) => b.fromDate <= b.toDate, { message: 'must not be before fromDate', path: ['toDate'] })
  .refine((b) => (b.start === null) === (b.end === null) && (b.start === null || b.start < (b.end ?? '')), {
    message: 'give both start and end (start before end), or neither for the whole day',
    path: ['end'],
  })
  .refine((b) => (b.kind === 'closure') === (b.doctorId === null), {
    message: 'a closure is clinic-wide (no doctorId); time off and extra hours need a doctorId',
    path: ['doctorId'],
  })
  .refine((b) => b.kind !== 'extra' || (b.start !== null && b.mode !== null), {
    message: 'extra hours need start, end and mode',
    path: ['start'],
  });
export type CreateExceptionInput = z.infer<typeof createExceptionBody>;
export const exceptionParams = clinicParams.extend({ exceptionId: z.string().uuid() });
export const listExceptionsQuery = z.object({
  from: z.iso.date().optional().describe('YYYY-MM-DD; default: today (clinic time)'),
  to: z.iso.date().optional().describe('YYYY-MM-DD; default: a year after from'),
  doctorId: z.string().uuid().optional(),
});
export type ListExceptionsQuery = z.infer<typeof listExceptionsQuery>;
