import { z } from 'zod';
import { localDate } from '../../platform/http/dates.ts';
import { clinicParams, clinicParamsWith, uuidParam } from '../../platform/http/route-kit.ts';
import { singleLine } from '../../platform/http/text.ts';
import { ENTRY_SOURCES, ENTRY_STATES } from './core.ts';

/** The queue's API shapes (the web app's types are generated from these). */

export const entryStateSchema = z.enum(ENTRY_STATES);

export const queueEntrySchema = z
  .object({
    id: z.string(),
    ticket: z.number().int(),
    appointmentId: z.string(),
    doctorId: z.string(),
    doctorName: z.string(),
    patientId: z.string(),
    patientName: z.string(),
    patientPhone: z.string().nullable(),
    serviceName: z.string(),
    state: entryStateSchema,
    urgent: z.boolean(),
    position: z
      .number()
      .int()
      .nullable()
      .describe('1-based among the doctor’s waiting and called; else null'),
    peopleAhead: z.number().int().nullable(),
    arrivedAt: z.string(),
    calledAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    leftAt: z.string().nullable(),
    startsAt: z.string().describe('The appointment’s start'),
    arrival: z.enum(['early', 'on_time', 'late', 'walk_in']),
    arrivalMinutes: z.number().int().describe('|arrival − startsAt| in minutes (0 for walk-ins)'),
    estimatedStartAt: z.string().nullable().describe('Null unless waiting or called'),
    source: z.enum(ENTRY_SOURCES),
  })
  .meta({ id: 'QueueEntry' });
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const notArrivedSchema = z
  .object({
    appointmentId: z.string(),
    patientId: z.string(),
    patientName: z.string(),
    patientPhone: z.string().nullable(),
    doctorId: z.string(),
    doctorName: z.string(),
    serviceName: z.string(),
    startsAt: z.string(),
    late: z.boolean(),
  })
  .meta({ id: 'QueueNotArrived' });

export const doctorColumnSchema = z
  .object({
    doctorId: z.string(),
    name: z.string(),
    current: queueEntrySchema.nullable().describe('In consultation'),
    waiting: z.array(queueEntrySchema).describe('Called first, then waiting: urgent first, then rank'),
    finished: z.array(queueEntrySchema).describe('Done, checked out or left today'),
  })
  .meta({ id: 'QueueDoctorColumn' });

export const boardSchema = z
  .object({
    date: z.string(),
    timeZone: z.string(),
    waitWarnMinutes: z.number().int(),
    checkInCode: z.string().describe('Today’s desk code for self check-in (4 digits)'),
    doctors: z.array(doctorColumnSchema),
    notArrived: z.array(notArrivedSchema),
  })
  .meta({ id: 'QueueBoard' });
export type Board = z.infer<typeof boardSchema>;

export const boardQuery = z.object({
  date: localDate().optional().describe('Clinic-local date; default today'),
  doctorId: uuidParam().optional(),
});

export const checkInBody = z
  .union([
    z.object({ appointmentId: uuidParam() }),
    z.object({ code: z.string().trim().min(4).max(20).describe('The appointment’s check-in code (QR)') }),
  ])
  .describe('An appointment id, or the check-in code from the patient’s QR');
export type CheckInInput = z.infer<typeof checkInBody>;

export const walkInBody = z.object({
  doctorId: uuidParam(),
  serviceId: uuidParam().optional().describe('Default: the doctor’s first in-person service'),
  patientId: uuidParam().optional(),
  patient: z
    .object({ fullName: singleLine({ max: 200 }), phone: z.string().trim().min(4).max(32) })
    .optional()
    .describe('Quick-create (name and phone) instead of patientId'),
});
export type WalkInInput = z.infer<typeof walkInBody>;

export const reasonText = singleLine({ max: 300 });
export const leftBody = z.object({ reason: reasonText.optional() }).optional();
export const emptyBody = z.object({}).optional();
export const moveBody = z.object({ position: z.number().int().min(1).max(1000), reason: reasonText });
export const urgentBody = z.object({ urgent: z.boolean(), reason: reasonText });

export const entryParams = clinicParamsWith('entryId');
export const doctorParams = clinicParamsWith('doctorId');
export const displayParams = clinicParamsWith('displayId');
export { clinicParams };

export const waitingListSchema = z.object({ doctorId: z.string(), waiting: z.array(queueEntrySchema) });

export const displaySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    chime: z.boolean(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'QueueDisplay' });
export const createDisplayBody = z.object({
  name: singleLine({ max: 100 }),
  chime: z.boolean().default(true),
});
export const createdDisplaySchema = z.object({
  id: z.string(),
  name: z.string(),
  chime: z.boolean(),
  url: z.string().describe('Shown once: the screen’s address (the token is stored hashed)'),
});

export const estimatesSchema = z
  .object({
    windowDays: z.number().int(),
    doctors: z.array(
      z.object({
        doctorId: z.string(),
        name: z.string(),
        samples: z.number().int(),
        meanAbsErrorMinutes: z.number(),
        meanErrorMinutes: z.number().describe('Signed: positive when patients started later than estimated'),
        within10Share: z.number().describe('0…1'),
      }),
    ),
    recent: z.array(
      z.object({
        entryId: z.string(),
        ticket: z.number().int(),
        doctorName: z.string(),
        estimatedStartAt: z.string(),
        startedAt: z.string(),
        errorMinutes: z.number(),
      }),
    ),
  })
  .meta({ id: 'QueueEstimates' });

export const myQueueSchema = z
  .object({
    tickets: z.array(
      z.object({
        entryId: z.string(),
        ticket: z.number().int(),
        state: entryStateSchema,
        position: z.number().int().nullable(),
        estimatedStartAt: z.string().nullable(),
        ticketUrl: z.string(),
      }),
    ),
    canCheckIn: z.array(
      z.object({
        appointmentId: z.string(),
        startsAt: z.string(),
        doctorName: z.string(),
        checkInCode: z.string().describe('Shown as a QR code for the desk to scan'),
      }),
    ),
  })
  .meta({ id: 'MyQueue' });
export const myCheckInBody = z.object({ appointmentId: uuidParam() });
export const ticketLinkSchema = z.object({ entryId: z.string(), ticketUrl: z.string() });

export const tokenParams = z.object({ token: z.string().min(10).max(100) });
export const slugParams = z.object({ slug: z.string().min(1).max(100) });

export const publicDisplaySchema = z
  .object({
    clinicId: z.string(),
    clinicName: z.string(),
    timeZone: z.string(),
    chime: z.boolean(),
    checkInCode: z.string(),
    checkInUrl: z.string(),
    called: z.array(z.object({ ticket: z.number().int(), doctorName: z.string(), calledAt: z.string() })),
    inConsultation: z.array(z.object({ ticket: z.number().int(), doctorName: z.string() })),
    waiting: z.array(z.object({ ticket: z.number().int(), initials: z.string(), doctorName: z.string() })),
  })
  .meta({ id: 'QueueDisplayBoard' });

export const publicTicketSchema = z
  .object({
    clinicId: z.string(),
    entryId: z.string(),
    clinicName: z.string(),
    ticket: z.number().int(),
    state: entryStateSchema,
    position: z.number().int().nullable(),
    peopleAhead: z.number().int().nullable(),
    estimatedStartAt: z.string().nullable(),
    estimatedWaitMinutes: z.number().int().nullable(),
    doctorName: z.string(),
  })
  .meta({ id: 'QueueTicket' });

export const publicCheckInBody = z.object({
  phone: z.string().trim().min(4).max(32),
  code: z.string().trim().min(1).max(10).describe('The desk’s code of the day'),
});
export const ticketUrlSchema = z.object({ ticketUrl: z.string() });
