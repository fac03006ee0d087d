import { dayFromIso } from '@cliniclick/time';
import { sql } from 'kysely';
import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { DatedException, ExceptionKind, Mode, WeeklyRule } from '../core/work-hours.ts';
import { ensureProfile } from '../setup/repo.ts';
import type { SchedulingTables } from '../tables.ts';

const dbOf = tablesOf<SchedulingTables>();

export async function rulesOf(tx: ClinicTx, doctorIds: string[]): Promise<Map<string, WeeklyRule[]>> {
  const out = new Map<string, WeeklyRule[]>(doctorIds.map((d) => [d, []]));
  if (doctorIds.length === 0) return out;
  const rows = await dbOf(tx)
    .selectFrom('work_rules')
    .select(['doctor_id', 'weekday', 'start_min', 'end_min', 'mode', 'room_id'])
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', 'in', doctorIds)
    .orderBy('doctor_id')
    .orderBy('weekday')
    .orderBy('start_min')
    .execute();
  for (const r of rows) {
    out.get(r.doctor_id)?.push({
      weekday: r.weekday,
      start: r.start_min,
      end: r.end_min,
      mode: r.mode,
      roomId: r.room_id,
    });
  }
  return out;
}

/** Replaces a doctor's weekly rules; the doctor's profile row is locked so saves take turns. */
export async function replaceRules(tx: ClinicTx, doctorId: string, rules: WeeklyRule[], ids: string[]) {
  await ensureProfile(tx, doctorId);
  await sql`select 1 from doctor_profiles where clinic_id = ${tx.clinicId} and user_id = ${doctorId} for update`.execute(
    dbOf(tx),
  );
  await dbOf(tx)
    .deleteFrom('work_rules')
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .execute();
  if (rules.length === 0) return;
  await dbOf(tx)
    .insertInto('work_rules')
    .values(
      rules.map((r, i) => ({
        clinic_id: tx.clinicId,
        id: ids[i]!,
        doctor_id: doctorId,
        weekday: r.weekday,
        start_min: r.start,
        end_min: r.end,
        mode: r.mode,
        room_id: r.roomId,
      })),
    )
    .execute();
}

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
