import { z } from 'zod';
import { daysBetween, localDate } from '../../../platform/http/dates.ts';
import { clinicParamsWith } from '../../../platform/http/route-kit.ts';
import { multiLine } from '../../../platform/http/text.ts';
import { clockTime, modeSchema } from '../schema.ts';

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
    fromDate: localDate('schedule'),
    toDate: localDate('schedule'),
    start: clockTime.nullable().default(null),
    end: clockTime.nullable().default(null),
    mode: modeSchema.nullable().default(null),
    roomId: z.string().uuid().nullable().default(null),
    note: multiLine({ max: 500 }).nullable().default(null),
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

export const exceptionParams = clinicParamsWith('exceptionId');

/** The longest range of days one exceptions list may cover (to − from). */
export const EXCEPTIONS_LIST_MAX_DAYS = 366;

export const listExceptionsQuery = z
  .object({
    from: localDate('schedule').optional().describe('YYYY-MM-DD; default: today (clinic time)'),
    to: localDate('schedule').optional().describe('YYYY-MM-DD; default: a year after from'),
    doctorId: z.string().uuid().optional(),
  })
  .refine(
    (q) => !q.from || !q.to || (q.from <= q.to && daysBetween(q.from, q.to) <= EXCEPTIONS_LIST_MAX_DAYS),
    {
      message: `to must not be before from, at most ${EXCEPTIONS_LIST_MAX_DAYS} days later`,
      path: ['to'],
    },
  );

export type ListExceptionsQuery = z.infer<typeof listExceptionsQuery>;
