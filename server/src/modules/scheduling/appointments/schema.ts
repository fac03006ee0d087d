import { z } from 'zod';
import { daysBetween, instant } from '../../../platform/http/dates.ts';
import { clinicParamsWith } from '../../../platform/http/route-kit.ts';
import { multiLine, singleLine } from '../../../platform/http/text.ts';
import { APPOINTMENT_STATUSES } from '../core/state.ts';
import { modeSchema } from '../schema.ts';

/** Slots, appointments, series and calendar feeds. */

export const statusSchema = z.enum(APPOINTMENT_STATUSES);

export const actionSchema = z.enum(['confirm', 'checkIn', 'start', 'complete', 'cancel', 'markNoShow']);

export const appointmentSchema = z
  .object({
    id: z.string().uuid(),
    status: statusSchema,
    doctorId: z.string().uuid(),
    doctorName: z.string(),
    patientId: z.string().uuid(),
    patientName: z.string(),
    patientPhone: z.string().nullable(),
    serviceId: z.string().uuid(),
    serviceName: z.string(),
    serviceNameAr: z.string().nullable().describe('The service’s Arabic name, when the clinic gave one'),
    serviceColor: z.string().nullable(),
    roomId: z.string().uuid().nullable(),
    seriesId: z.string().uuid().nullable(),
    mode: modeSchema,
    startsAt: z.string().describe('ISO 8601, UTC'),
    endsAt: z.string(),
    holdExpiresAt: z.string().nullable().describe('Set while pending: the hold lapses then'),
    priceMinor: z.number().int(),
    currency: z.string(),
    notes: z.string().nullable(),
    cancelReason: z.string().nullable(),
    actions: z
      .array(actionSchema)
      .describe(
        'Transitions allowed now (for buttons): none for a lapsed hold, no-show only for a confirmed visit whose time has come, start only after check-in unless the clinic’s visit rules allow it',
      ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Appointment' });

export type Appointment = z.infer<typeof appointmentSchema>;

/** What a patient sees of their own appointments. */
export const myAppointmentSchema = appointmentSchema
  .pick({
    id: true,
    status: true,
    doctorId: true,
    doctorName: true,
    serviceId: true,
    serviceName: true,
    serviceNameAr: true,
    mode: true,
    startsAt: true,
    endsAt: true,
    holdExpiresAt: true,
    priceMinor: true,
    currency: true,
  })
  .meta({ id: 'MyAppointment' });

export type MyAppointment = z.infer<typeof myAppointmentSchema>;

export const appointmentParams = clinicParamsWith('appointmentId');

/** The longest range an appointment list may ask for. */
export const APPOINTMENT_LIST_MAX_DAYS = 62;

export const listAppointmentsQuery = z
  .object({
    from: instant('schedule')
      .optional()
      .describe('Start of the range (ISO 8601); default: today’s local midnight'),
    to: instant('schedule').optional().describe('End of the range; default: 7 days after from'),
    doctorId: z.string().uuid().optional(),
    status: statusSchema.optional(),
  })
  .refine(
    (q) => !q.from || !q.to || (q.from < q.to && daysBetween(q.from, q.to) <= APPOINTMENT_LIST_MAX_DAYS),
    {
      message: `to must be after from, at most ${APPOINTMENT_LIST_MAX_DAYS} days later`,
      path: ['to'],
    },
  );

export type ListAppointmentsQuery = z.infer<typeof listAppointmentsQuery>;

export const myAppointmentsQuery = z.object({
  scope: z.enum(['upcoming', 'past']).default('upcoming'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const newPatient = z.object({
  fullName: singleLine({ max: 200 }),
  phone: z.string().trim().min(4).max(32),
});

const bookingFields = {
  doctorId: z.string().uuid(),
  serviceId: z.string().uuid(),
  startsAt: instant('schedule'),
  patientId: z.string().uuid().optional(),
  patient: newPatient.optional().describe('Quick-create (name and phone) instead of patientId'),
  roomId: z.string().uuid().optional(),
  notes: multiLine({ max: 2000 }).optional(),
};

const onePatient = (b: { patientId?: string | undefined; patient?: unknown }) =>
  (b.patientId === undefined) !== (b.patient === undefined);

const onePatientIssue = { message: 'give patientId or patient, not both', path: ['patientId'] };

export const bookBody = z
  .object({
    ...bookingFields,
    holdMinutes: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe('Book as a pending hold that lapses after this long; omit to confirm at once'),
  })
  .refine(onePatient, onePatientIssue);

export type BookInput = z.infer<typeof bookBody>;

export const seriesBody = z
  .object({
    ...bookingFields,
    everyWeeks: z.number().int().min(1).max(4).default(1),
    count: z.number().int().min(2).max(52),
    dryRun: z.boolean().default(false).describe('Report free and conflicting occurrences, book nothing'),
  })
  .refine(onePatient, onePatientIssue);

export type SeriesInput = z.infer<typeof seriesBody>;

export const seriesResultSchema = z
  .object({
    seriesId: z.string().uuid().nullable().describe('null on a dry run or when nothing was booked'),
    booked: z.array(appointmentSchema),
    free: z
      .array(z.object({ startsAt: z.string(), endsAt: z.string() }))
      .describe('Dry run: what would be booked'),
    conflicts: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), code: z.literal('slot_taken') })),
  })
  .meta({ id: 'SeriesResult' });

export type SeriesResult = z.infer<typeof seriesResultSchema>;

export const cancelBody = z.object({ reason: multiLine({ min: 1, max: 500 }) });

export const rescheduleBody = z.object({
  startsAt: instant('schedule'),
  doctorId: z.string().uuid().optional().describe('Move to another doctor too'),
});

export type RescheduleInput = z.infer<typeof rescheduleBody>;

export const orphanedSchema = z
  .array(appointmentSchema)
  .describe('Future active appointments that fall outside the new hours: rebook or cancel them');
