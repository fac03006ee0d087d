import { type Insertable, sql, type Updateable } from 'kysely';
import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { PatientsTables } from '../../patients/index.ts';
import type { Interval } from '../core/slots.ts';
import { type AppointmentStatus, BLOCKING_STATUSES, transitionsFrom } from '../core/state.ts';
import type { AppointmentsTable, SchedulingTables } from '../tables.ts';
import type { Appointment } from './schema.ts';

const dbOf = tablesOf<SchedulingTables & PatientsTables>();

/** States that hold time only until `hold_expires_at`: holds and requests awaiting approval. */
const DEADLINED: AppointmentStatus[] = ['pending', 'requested'];

function base(tx: ClinicTx) {
  return (
    dbOf(tx)
      .selectFrom('appointments as a')
      .innerJoin('users as du', 'du.id', 'a.doctor_id')
      .innerJoin('patients as p', (j) =>
        j.onRef('p.clinic_id', '=', 'a.clinic_id').onRef('p.id', '=', 'a.patient_id'),
      )
      .innerJoin('services as s', (j) =>
        j.onRef('s.clinic_id', '=', 'a.clinic_id').onRef('s.id', '=', 'a.service_id'),
      )
      .leftJoin('visit_rules as vr', 'vr.clinic_id', 'a.clinic_id')
      .select((eb) => [
        eb.fn.coalesce('vr.start_before_check_in', eb.val(false)).as('start_before_check_in'),
        's.name_ar as service_name_ar',
      ])
      .select([
        'a.id',
        'a.status',
        'a.doctor_id',
        'du.name as doctor_name',
        'a.patient_id',
        'p.full_name as patient_name',
        'p.phone as patient_phone',
        'a.service_id',
        's.name as service_name',
        's.color as service_color',
        'a.room_id',
        'a.series_id',
        'a.mode',
        'a.starts_at',
        'a.ends_at',
        'a.blocked_from',
        'a.blocked_until',
        'a.hold_expires_at',
        'a.price_minor',
        'a.currency',
        'a.notes',
        'a.cancel_reason',
        'a.version',
        'a.created_at',
        'a.updated_at',
        'a.source',
      ])
      // The inner join with patients: a site hold without its visitor's details is not listed.
      .$narrowType<{ patient_id: string }>()
      .where('a.clinic_id', '=', tx.clinicId)
  );
}

/** What a state change needs of a row (the sweeps read only this, holds without a patient too). */
export interface TransitionRow {
  id: string;
  status: AppointmentStatus;
  doctor_id: string;
  starts_at: Date;
  hold_expires_at: Date | null;
  start_before_check_in: boolean;
}

function deadlined(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('appointments as a')
    .select(['a.id', 'a.status', 'a.doctor_id', 'a.starts_at', 'a.hold_expires_at'])
    .select((eb) => eb.val(false).as('start_before_check_in'))
    .where('a.clinic_id', '=', tx.clinicId)
    .where('a.status', 'in', DEADLINED)
    .where('a.hold_expires_at', '<=', tx.now);
}

export type AppointmentRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

/** The API's appointment; `now` decides which actions it offers. */
export function toAppointment(r: AppointmentRow, now: Date): Appointment {
  return {
    id: r.id,
    status: r.status,
    doctorId: r.doctor_id,
    doctorName: r.doctor_name,
    patientId: r.patient_id,
    patientName: r.patient_name,
    patientPhone: r.patient_phone,
    serviceId: r.service_id,
    serviceName: r.service_name,
    serviceNameAr: r.service_name_ar,
    serviceColor: r.service_color,
    roomId: r.room_id,
    seriesId: r.series_id,
    mode: r.mode,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    holdExpiresAt: r.hold_expires_at?.toISOString() ?? null,
    priceMinor: Number(r.price_minor),
    currency: r.currency,
    notes: r.notes,
    cancelReason: r.cancel_reason,
    actions: transitionsFrom(
      {
        status: r.status,
        startsAt: r.starts_at,
        holdExpiresAt: r.hold_expires_at,
        rules: { startBeforeCheckIn: r.start_before_check_in },
      },
      now,
    ),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function findAppointment(
  tx: ClinicTx,
  id: string,
  lock = false,
): Promise<AppointmentRow | undefined> {
  if (lock) {
    await sql`select 1 from appointments where clinic_id = ${tx.clinicId} and id = ${id} for update`.execute(
      dbOf(tx),
    );
  }
  return base(tx).where('a.id', '=', id).executeTakeFirst();
}

export async function listAppointments(
  tx: ClinicTx,
  opts: { from: Date; to: Date; doctorId?: string | undefined; status?: AppointmentStatus | undefined },
): Promise<AppointmentRow[]> {
  let q = base(tx).where('a.starts_at', '<', opts.to).where('a.ends_at', '>', opts.from);
  if (opts.doctorId) q = q.where('a.doctor_id', '=', opts.doctorId);
  if (opts.status) q = q.where('a.status', '=', opts.status);
  return q.orderBy('a.starts_at').orderBy('a.id').limit(5000).execute();
}

/**
 * The appointments of the person signed in as `userId`, through this clinic's record of them
 * (appointments name the record; the record names the person).
 */
export async function patientAppointments(
  tx: ClinicTx,
  userId: string,
  opts: { scope: 'upcoming' | 'past'; limit: number },
): Promise<AppointmentRow[]> {
  const q = base(tx).where('p.user_id', '=', userId);
  return (
    opts.scope === 'upcoming'
      ? q.where('a.ends_at', '>=', tx.now).orderBy('a.starts_at', 'asc')
      : q.where('a.ends_at', '<', tx.now).orderBy('a.starts_at', 'desc')
  )
    .limit(opts.limit)
    .execute();
}

export type NewAppointment = Omit<
  Insertable<AppointmentsTable>,
  'clinic_id' | 'version' | 'created_at' | 'updated_at' | 'created_by' | 'cancel_reason'
> & { starts_at: Date; ends_at: Date; blocked_from: Date; blocked_until: Date; hold_expires_at: Date | null };

export async function insertAppointment(tx: ClinicTx, v: NewAppointment): Promise<void> {
  await dbOf(tx)
    .insertInto('appointments')
    .values({
      ...v,
      clinic_id: tx.clinicId,
      cancel_reason: null,
      created_at: tx.now,
      created_by: tx.actor.userId,
      updated_at: tx.now,
    })
    .execute();
}

export async function updateAppointment(
  tx: ClinicTx,
  id: string,
  v: Pick<
    Updateable<AppointmentsTable>,
    | 'status'
    | 'hold_expires_at'
    | 'cancel_reason'
    | 'starts_at'
    | 'ends_at'
    | 'blocked_from'
    | 'blocked_until'
    | 'doctor_id'
    | 'room_id'
    | 'patient_id'
    | 'source'
  >,
): Promise<void> {
  await dbOf(tx)
    .updateTable('appointments')
    .set((eb) => ({ ...v, updated_at: tx.now, version: eb('version', '+', 1) }))
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .execute();
}

const blocking = [...BLOCKING_STATUSES];

/**
 * Time that is really taken in [from, to): blocking states, except holds past their expiry
 * (they stop counting the moment they lapse, before the sweep marks them expired).
 */
export async function busyIntervals(
  tx: ClinicTx,
  by: { doctorIds: string[] } | { roomIds: string[] },
  from: Date,
  to: Date,
): Promise<Map<string, Interval[]>> {
  const keys = 'doctorIds' in by ? by.doctorIds : by.roomIds;
  const out = new Map<string, Interval[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return out;
  const column = 'doctorIds' in by ? 'doctor_id' : 'room_id';
  const rows = await dbOf(tx)
    .selectFrom('appointments')
    .select([`${column} as key`, 'blocked_from', 'blocked_until'])
    .where('clinic_id', '=', tx.clinicId)
    .where(column, 'in', keys)
    .where('status', 'in', blocking)
    .where((eb) => eb.or([eb('status', 'not in', DEADLINED), eb('hold_expires_at', '>', tx.now)]))
    .where('blocked_from', '<', to)
    .where('blocked_until', '>', from)
    .execute();
  for (const r of rows) {
    if (r.key) out.get(r.key)?.push({ start: r.blocked_from.getTime(), end: r.blocked_until.getTime() });
  }
  return out;
}

/** Lapsed holds that overlap a time about to be taken (they still block in the constraint). */
export async function lapsedHoldsOverlapping(
  tx: ClinicTx,
  who: { doctorId: string; roomId: string | null },
  from: Date,
  to: Date,
): Promise<TransitionRow[]> {
  return deadlined(tx)
    .where((eb) =>
      who.roomId
        ? eb.or([eb('a.doctor_id', '=', who.doctorId), eb('a.room_id', '=', who.roomId)])
        : eb('a.doctor_id', '=', who.doctorId),
    )
    .where('a.blocked_from', '<', to)
    .where('a.blocked_until', '>', from)
    .execute();
}

/** Every lapsed hold of the clinic (for the sweep), a batch at a time. */
export async function lapsedHolds(tx: ClinicTx, limit: number): Promise<TransitionRow[]> {
  // Skip rows another sweep (another instance) is expiring right now: each expires once.
  return deadlined(tx).limit(limit).forUpdate('a').skipLocked().execute();
}

/** Future appointments still to happen, for the orphan check. */
export async function futureActive(
  tx: ClinicTx,
  doctorId: string | null,
  until: Date,
): Promise<AppointmentRow[]> {
  let q = base(tx)
    .where('a.status', 'in', ['pending', 'requested', 'confirmed'])
    .where('a.starts_at', '>=', tx.now)
    .where('a.starts_at', '<', until)
    .where((eb) => eb.or([eb('a.status', 'not in', DEADLINED), eb('a.hold_expires_at', '>', tx.now)]));
  if (doctorId) q = q.where('a.doctor_id', '=', doctorId);
  return q.orderBy('a.starts_at').limit(2000).execute();
}

/**
 * Serialises bookings of the same doctor and room (advisory locks, taken in a fixed order) so
 * that the loser of a race waits, then meets the exclusion constraint with nothing else held:
 * without it, two bookings that each audit first could deadlock on the audit chain's head.
 */
export async function lockCalendars(tx: ClinicTx, keys: (string | null)[]): Promise<void> {
  const sorted = [...new Set(keys.filter((k): k is string => k !== null))].sort();
  for (const k of sorted) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${tx.clinicId}:${k}`}, 0))`.execute(dbOf(tx));
  }
}

/** One appointment for online booking: site holds without a patient included. */
export async function findOnlineRow(tx: ClinicTx, id: string, lock = false) {
  let q = dbOf(tx)
    .selectFrom('appointments as a')
    .select([
      'a.id',
      'a.status',
      'a.doctor_id',
      'a.service_id',
      'a.patient_id',
      'a.starts_at',
      'a.ends_at',
      'a.hold_expires_at',
      'a.source',
    ])
    .select((eb) => eb.val(false).as('start_before_check_in'))
    .where('a.clinic_id', '=', tx.clinicId)
    .where('a.id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Requests awaiting approval (live ones), soonest deadline first. */
export async function requestedRows(tx: ClinicTx): Promise<AppointmentRow[]> {
  return base(tx)
    .where('a.status', '=', 'requested')
    .where('a.hold_expires_at', '>', tx.now)
    .orderBy('a.hold_expires_at')
    .orderBy('a.id')
    .limit(500)
    .execute();
}
