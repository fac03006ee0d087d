import { addDays, mondayOf, startOfDay, todayIn } from '@cliniclick/time';
import type { Database } from '../../platform/db/database.ts';
import type { ClinicRole } from '../../platform/db/schema.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { badRequest, forbidden, notFound } from '../../platform/http/errors.ts';
import { attendance } from './attendance.ts';
import * as repo from './repo.ts';
import type { AttendanceQuery, AttendanceReport } from './schema.ts';

/** At most a year per answer: the figures are computed from the rows. */
const MAX_DAYS = 366;

export function attendanceReport(
  db: Database,
  clinicId: string,
  caller: { actor: Parameters<typeof withClinic>[2]; roles: readonly ClinicRole[] },
  q: AttendanceQuery,
): Promise<AttendanceReport> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    let doctorId = q.doctorId;
    // A doctor (not also owner) sees their own figures only.
    if (!caller.roles.includes('owner')) {
      if (doctorId && doctorId !== caller.actor.userId) throw forbidden('Doctors see only their own figures');
      doctorId = caller.actor.userId ?? undefined;
    }
    if (doctorId && !(await repo.isDoctor(tx, doctorId))) throw notFound('Doctor');
    const timeZone = await repo.clinicZone(tx);
    const to = q.to ?? todayIn(timeZone, tx.now);
    const from = q.from ?? addDays(mondayOf(to), -77);
    if (from > to) throw badRequest('validation_failed', 'The first day comes after the last');
    if (addDays(from, MAX_DAYS) < to)
      throw badRequest('range_too_long', `At most ${MAX_DAYS} days at a time`);
    const withConfirmations = await repo.confirmationsRecorded(tx);
    const visits = await repo.visitsBetween(tx, {
      from: startOfDay(from, timeZone),
      to: startOfDay(addDays(to, 1), timeZone),
      doctorId,
      withConfirmations,
    });
    return {
      from,
      to,
      timeZone,
      ...attendance(visits, {
        timeZone,
        fromDate: from,
        toDate: to,
        confirmationsRecorded: withConfirmations,
      }),
    };
  });
}
