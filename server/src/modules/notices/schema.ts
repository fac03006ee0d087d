import { z } from 'zod';
import { instant } from '../../platform/http/dates.ts';
import { clinicParamsWith } from '../../platform/http/route-kit.ts';

export const appointmentParams = clinicParamsWith('appointmentId');

export const messageStatusSchema = z
  .enum(['queued', 'sent', 'delivered', 'failed', 'answered'])
  .describe(
    'queued (not sent yet, maybe retrying), sent, delivered (the provider said so), failed, answered (the patient used its link)',
  );

export const messageSchema = z
  .object({
    id: z.string().describe('The outbox message id'),
    kind: z.enum(['requested', 'confirmed', 'declined', 'cancelled', 'rescheduled', 'reminder']),
    channel: z.enum(['sms', 'email']),
    to: z.string(),
    status: messageStatusSchema,
    queuedAt: z.string(),
    sentAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    error: z.string().nullable(),
    answer: z.enum(['confirmed', 'cancelled']).nullable(),
    answeredAt: z.string().nullable(),
    fallbackOf: z.string().nullable().describe('The failed message this one replaced on the other channel'),
  })
  .meta({ id: 'AppointmentMessage' });

export const noticeStateSchema = z
  .object({
    attendanceConfirmedAt: z.string().nullable().describe('When the patient answered "I will come"'),
    callPatientSince: z.string().nullable().describe('Set when every message failed: call the patient'),
    messages: z.array(messageSchema),
  })
  .meta({ id: 'AppointmentNotices' });

export const callListQuery = z.object({
  from: instant('schedule').optional().describe('Visits starting at or after this instant (default: now)'),
  to: instant('schedule')
    .optional()
    .describe('…and before this one, at most 31 days later (default: a week after from)'),
});

export const callItemSchema = z
  .object({
    appointmentId: z.string(),
    startsAt: z.string(),
    status: z.string(),
    doctorId: z.string(),
    patientName: z.string(),
    phone: z.string().nullable(),
    flaggedAt: z.string(),
  })
  .meta({ id: 'CallPatientItem' });

export const smsStatusBody = z.object({
  id: z.uuid().describe('The message id the SMS was sent with (the `id` of the send request)'),
  status: z.enum(['delivered', 'failed']),
  detail: z.string().max(500).optional(),
});

export const myCancelBody = z.object({ reason: z.string().trim().max(500).optional() });
export const myRescheduleBody = z.object({ startsAt: instant('schedule') });
export const okSchema = z.object({ ok: z.literal(true) });
