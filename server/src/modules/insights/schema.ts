import { z } from 'zod';
import { localDate } from '../../platform/http/dates.ts';
import { uuidParam } from '../../platform/http/route-kit.ts';

export const attendanceQuery = z.object({
  from: localDate().optional().describe('First local day (default: the Monday 11 weeks before this week’s)'),
  to: localDate().optional().describe('Last local day (default: today)'),
  doctorId: uuidParam().optional().describe('One doctor (a doctor sees only their own figures)'),
});
export type AttendanceQuery = z.infer<typeof attendanceQuery>;

const rate = z.number().nullable().describe('0–1; null when there is nothing to divide by or no data');

export const attendanceRowSchema = z
  .object({
    key: z.string().describe('The week’s Monday (local) or the doctor’s id'),
    label: z.string(),
    due: z.number().int(),
    attended: z.number().int(),
    noShows: z.number().int(),
    noShowRate: rate,
    cancelled: z.number().int(),
    cancelledByPatient: z.number().int(),
    cancelledByClinic: z.number().int(),
    confirmed: z.number().int().nullable(),
    confirmationRate: rate,
    noShowRateConfirmed: rate,
    medianLeadHours: z.number().nullable(),
  })
  .meta({ id: 'AttendanceRow' });

export const attendanceSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    confirmationsRecorded: z
      .boolean()
      .describe(
        'False until appointments record patients’ confirmations: the reminder figures are then null',
      ),
    weeks: z.array(attendanceRowSchema),
    doctors: z.array(attendanceRowSchema),
    total: attendanceRowSchema,
  })
  .meta({ id: 'Attendance' });
export type AttendanceReport = z.infer<typeof attendanceSchema>;
