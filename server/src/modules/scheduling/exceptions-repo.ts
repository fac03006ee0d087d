import { type ClinicTx, tablesOf } from '../../platform/db/tenancy.ts';
import type { SchedulingTables } from './tables.ts';
import { dayFromIso } from './tz.ts';
import type { DatedException, ExceptionKind, Mode } from './work-hours.ts';

const dbOf = tablesOf<SchedulingTables>();

/** SQL for dated exceptions (time off, closures, extra hours) and calendar-feed tokens. */

export interface ExceptionRow {
  id: string;
  doctor_id: string | null;
  kind: ExceptionKind;
  from_date: string;
  to_date: string;
  start_min: number | null;
  end_min: number | null;
  mode: Mode | null;
  room_id: string | null;
  note: string | null;
}

const columns = [
  'id',
  'doctor_id',
  'kind',
  'from_date',
  'to_date',
  'start_min',
  'end_min',
  'mode',
  'room_id',
  'note',
] as const;

/** Exceptions overlapping [from, to] (dates); for one doctor, closures included. */
export async function listExceptions(
  tx: ClinicTx,
  opts: { from: string; to: string; doctorId?: string | undefined },
): Promise<ExceptionRow[]> {
  let q = dbOf(tx)
    .selectFrom('schedule_exceptions')
    .select(columns)
    .where('clinic_id', '=', tx.clinicId)
    .where('to_date', '>=', opts.from)
    .where('from_date', '<=', opts.to);
  const doctorId = opts.doctorId;
  if (doctorId) q = q.where((eb) => eb.or([eb('doctor_id', '=', doctorId), eb('doctor_id', 'is', null)]));
  return q.orderBy('from_date').orderBy('id').execute();
}

export function toDated(r: ExceptionRow): DatedException {
  return {
    kind: r.kind,
    fromDay: dayFromIso(r.from_date),
    toDay: dayFromIso(r.to_date),
    start: r.start_min,
    end: r.end_min,
    mode: r.mode,
    roomId: r.room_id,
  };
}

/** Per doctor, the exceptions that apply to them (their own and clinic-wide closures). */
export async function exceptionsFor(
  tx: ClinicTx,
  doctorIds: string[],
  from: string,
  to: string,
): Promise<Map<string, DatedException[]>> {
  const rows = await listExceptions(tx, { from, to });
  const out = new Map<string, DatedException[]>();
  for (const d of doctorIds) {
    out.set(d, rows.filter((r) => r.doctor_id === null || r.doctor_id === d).map(toDated));
  }
  return out;
}

export async function insertException(
  tx: ClinicTx,
  id: string,
  v: Omit<ExceptionRow, 'id'>,
): Promise<ExceptionRow> {
  return dbOf(tx)
    .insertInto('schedule_exceptions')
    .values({ clinic_id: tx.clinicId, id, ...v, created_at: tx.now, created_by: tx.actor.userId })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function findException(tx: ClinicTx, id: string): Promise<ExceptionRow | undefined> {
  return dbOf(tx)
    .selectFrom('schedule_exceptions')
    .select(columns)
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteException(tx: ClinicTx, id: string): Promise<void> {
  await dbOf(tx)
    .deleteFrom('schedule_exceptions')
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .execute();
}

export async function feedOf(tx: ClinicTx, doctorId: string) {
  return dbOf(tx)
    .selectFrom('calendar_feeds')
    .select(['created_at'])
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .executeTakeFirst();
}

export async function putFeed(tx: ClinicTx, doctorId: string, tokenHash: Buffer): Promise<void> {
  const v = { token_hash: tokenHash, created_at: tx.now, created_by: tx.actor.userId };
  await dbOf(tx)
    .insertInto('calendar_feeds')
    .values({ clinic_id: tx.clinicId, doctor_id: doctorId, ...v })
    .onConflict((oc) => oc.columns(['clinic_id', 'doctor_id']).doUpdateSet(v))
    .execute();
}

export async function deleteFeed(tx: ClinicTx, doctorId: string): Promise<boolean> {
  const res = await dbOf(tx)
    .deleteFrom('calendar_feeds')
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function feedDoctorByHash(tx: ClinicTx, tokenHash: Buffer): Promise<string | undefined> {
  const row = await dbOf(tx)
    .selectFrom('calendar_feeds')
    .select('doctor_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row?.doctor_id;
}
