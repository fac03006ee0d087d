import { dayFromIso, isoFromDay, utcToLocal } from '@cliniclick/time';
import type { Database } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/db/ids.ts';
import { withClinic } from '../../../platform/db/tenancy.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { type Caller, requireSelfOrStaff } from '../access.ts';
import type { Appointment } from '../appointments/schema.ts';
import { hhmmOf, minutesOf } from '../core/hours.ts';
import { clinicFacts, roomsExist } from '../setup/repo.ts';
import { requireDoctor } from '../setup/service.ts';
import {
  deleteException,
  type ExceptionRow,
  findException,
  insertException,
  listExceptions,
} from './repo.ts';
import type { CreateExceptionInput, ListExceptionsQuery, ScheduleException } from './schema.ts';
import { orphansUnder } from './service.ts';

/** Dated exceptions: a doctor's time off and extra hours, the clinic's closures. */

function toException(r: ExceptionRow): ScheduleException {
  return {
    id: r.id,
    kind: r.kind,
    doctorId: r.doctor_id,
    fromDate: r.from_date,
    toDate: r.to_date,
    start: r.start_min === null ? null : hhmmOf(r.start_min),
    end: r.end_min === null ? null : hhmmOf(r.end_min),
    mode: r.mode,
    roomId: r.room_id,
    note: r.note,
  };
}

/** Closures are the front office's; a doctor may add or remove only their own time off and extra hours. */
function mayEdit(caller: Caller, doctorId: string | null): void {
  if (doctorId === null) {
    if (!caller.roles.includes('owner') && !caller.roles.includes('secretary')) {
      throw forbidden('Only the owner or a secretary can close the clinic');
    }
    return;
  }
  requireSelfOrStaff(caller, doctorId, 'time off and hours');
}

export function listScheduleExceptions(
  db: Database,
  clinicId: string,
  caller: Caller,
  q: ListExceptionsQuery,
) {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const timeZone = caller.clinic?.timeZone ?? (await clinicFacts(tx)).timeZone;
    const from = q.from ?? isoFromDay(utcToLocal(timeZone, tx.now.getTime()).day);
    const to = q.to ?? isoFromDay(dayFromIso(from) + 365);
    const rows = await listExceptions(tx, { from, to, doctorId: q.doctorId?.toLowerCase() });
    return { items: rows.map(toException) };
  });
}

/** Saves the exception and answers which future appointments it leaves outside work hours. */
export function createScheduleException(
  db: Database,
  clinicId: string,
  caller: Caller,
  input: CreateExceptionInput,
): Promise<{ exception: ScheduleException; orphaned: Appointment[] }> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const doctorId = input.doctorId?.toLowerCase() ?? null;
    mayEdit(caller, doctorId);
    if (doctorId) await requireDoctor(tx, doctorId);
    if (input.roomId && !(await roomsExist(tx, [input.roomId]))) throw notFound('Room');
    const id = newId(tx.now.getTime());
    const row = await insertException(tx, id, {
      doctor_id: doctorId,
      kind: input.kind,
      from_date: input.fromDate,
      to_date: input.toDate,
      start_min: input.start === null ? null : minutesOf(input.start),
      end_min: input.end === null ? null : minutesOf(input.end),
      mode: input.kind === 'extra' ? input.mode : null,
      room_id: input.kind === 'extra' ? input.roomId : null,
      note: input.note,
    });
    await tx.audit({
      action: 'schedule_exception.created',
      entityType: 'schedule_exception',
      entityId: id,
      data: { kind: input.kind, doctorId, fromDate: input.fromDate, toDate: input.toDate },
    });
    // Stored already, so the check sees it with the rest.
    const orphaned = input.kind === 'extra' ? [] : await orphansUnder(tx, doctorId, {});
    return { exception: toException(row), orphaned };
  });
}

export function deleteScheduleException(db: Database, clinicId: string, caller: Caller, id: string) {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const row = await findException(tx, id);
    if (!row) throw notFound('Exception');
    mayEdit(caller, row.doctor_id);
    await deleteException(tx, id);
    await tx.audit({
      action: 'schedule_exception.deleted',
      entityType: 'schedule_exception',
      entityId: id,
      data: { kind: row.kind, doctorId: row.doctor_id, fromDate: row.from_date, toDate: row.to_date },
    });
    // Removing extra hours can orphan appointments booked into them.
    const orphaned = row.kind === 'extra' ? await orphansUnder(tx, row.doctor_id, {}) : [];
    return { orphaned };
  });
}
