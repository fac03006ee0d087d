import { type Insertable, sql, type Updateable } from 'kysely';
import { tablesOf } from '../../platform/db/tables.ts';
import type { ClinicTx } from '../../platform/db/tenancy.ts';
import type { PatientsTables } from '../patients/index.ts';
import { BLOCKING_STATUSES, type SchedulingTables } from '../scheduling/index.ts';
import type { Duration, EntryState, Interval } from './core.ts';
import type { QueueDisplaysTable, QueueEntriesTable, QueueTables } from './tables.ts';

/** The queue's SQL, and only here. */

const dbOf = tablesOf<QueueTables & PatientsTables & SchedulingTables>();

/**
 * Serialises the queue changes of a clinic's day (tickets, ranks, calls): the loser of a race
 * waits and then sees the winner's result. The unique indexes are the second wall.
 */
export async function lockDay(tx: ClinicTx, day: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`queue:${tx.clinicId}:${day}`}, 0))`.execute(
    dbOf(tx),
  );
}

function entries(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('queue_entries as q')
    .innerJoin('users as du', 'du.id', 'q.doctor_id')
    .innerJoin('patients as p', (j) =>
      j.onRef('p.clinic_id', '=', 'q.clinic_id').onRef('p.id', '=', 'q.patient_id'),
    )
    .innerJoin('services as s', (j) =>
      j.onRef('s.clinic_id', '=', 'q.clinic_id').onRef('s.id', '=', 'q.service_id'),
    )
    .innerJoin('appointments as a', (j) =>
      j.onRef('a.clinic_id', '=', 'q.clinic_id').onRef('a.id', '=', 'q.appointment_id'),
    )
    .selectAll('q')
    .select([
      'du.name as doctor_name',
      'p.full_name as patient_name',
      'p.phone as patient_phone',
      'p.user_id as patient_user_id',
      's.name as service_name',
      'a.starts_at',
      'a.ends_at',
      'a.status as appointment_status',
    ])
    .where('q.clinic_id', '=', tx.clinicId);
}

export type EntryRow = Awaited<ReturnType<ReturnType<typeof entries>['executeTakeFirstOrThrow']>>;

export function entriesOfDay(tx: ClinicTx, day: string, doctorId?: string): Promise<EntryRow[]> {
  let q = entries(tx).where('q.day', '=', day);
  if (doctorId) q = q.where('q.doctor_id', '=', doctorId);
  return q.orderBy('q.ticket').execute();
}

export function findEntry(tx: ClinicTx, id: string): Promise<EntryRow | undefined> {
  return entries(tx).where('q.id', '=', id).executeTakeFirst();
}

export function entryOfAppointment(tx: ClinicTx, appointmentId: string): Promise<EntryRow | undefined> {
  return entries(tx).where('q.appointment_id', '=', appointmentId).executeTakeFirst();
}

export function entryByToken(tx: ClinicTx, hash: Buffer): Promise<EntryRow | undefined> {
  return entries(tx).where('q.ticket_token_hash', '=', hash).executeTakeFirst();
}

export function entriesOfPatient(tx: ClinicTx, patientId: string, day: string): Promise<EntryRow[]> {
  return entries(tx)
    .where('q.patient_id', '=', patientId)
    .where('q.day', '=', day)
    .orderBy('q.ticket')
    .execute();
}

export async function insertEntry(
  tx: ClinicTx,
  v: Omit<Insertable<QueueEntriesTable>, 'clinic_id' | 'created_at' | 'updated_at'>,
): Promise<void> {
  await dbOf(tx)
    .insertInto('queue_entries')
    .values({ ...v, clinic_id: tx.clinicId, created_at: tx.now, updated_at: tx.now })
    .execute();
}

export async function updateEntry(
  tx: ClinicTx,
  id: string,
  patch: Omit<Updateable<QueueEntriesTable>, 'clinic_id' | 'id'>,
): Promise<void> {
  await dbOf(tx)
    .updateTable('queue_entries')
    .set({ ...patch, updated_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .execute();
}

/** The day's next ticket number (the caller holds the day's lock). */
export async function nextTicket(tx: ClinicTx, day: string): Promise<number> {
  const r = await dbOf(tx)
    .selectFrom('queue_entries')
    .select((eb) => eb.fn.max('ticket').as('max'))
    .where('clinic_id', '=', tx.clinicId)
    .where('day', '=', day)
    .executeTakeFirst();
  return Number(r?.max ?? 0) + 1;
}

/** A rank after (or, `front`, before) every waiting entry of the doctor's day. */
export async function edgeRank(tx: ClinicTx, day: string, doctorId: string, front: boolean): Promise<number> {
  const r = await dbOf(tx)
    .selectFrom('queue_entries')
    .select((eb) => [eb.fn.max('rank').as('max'), eb.fn.min('rank').as('min')])
    .where('clinic_id', '=', tx.clinicId)
    .where('day', '=', day)
    .where('doctor_id', '=', doctorId)
    .where('state', '=', 'waiting')
    .executeTakeFirst();
  if (front) return r?.min === null || r?.min === undefined ? 1 : Number(r.min) - 1;
  return r?.max === null || r?.max === undefined ? 1 : Number(r.max) + 1;
}

/** Offsets ranks out of the way while renumbering (the unique index is checked row by row). */
const PARKED = 2_000_000;

/** The doctor's waiting entries ranked 1…n in the given order, in two steps that never collide. */
export async function setRanks(tx: ClinicTx, orderedIds: readonly string[]): Promise<void> {
  if (orderedIds.length === 0) return;
  const cases = sql.join(
    orderedIds.map((id, i) => sql`when ${id}::uuid then ${i + 1 + PARKED}::integer`),
    sql` `,
  );
  await sql`update queue_entries set rank = case id ${cases} end, updated_at = ${tx.now}
    where clinic_id = ${tx.clinicId} and id in (${sql.join(orderedIds.map((id) => sql`${id}::uuid`))})`.execute(
    dbOf(tx),
  );
  await sql`update queue_entries set rank = rank - ${PARKED}::integer
    where clinic_id = ${tx.clinicId} and id in (${sql.join(orderedIds.map((id) => sql`${id}::uuid`))})`.execute(
    dbOf(tx),
  );
}

/** Consultation lengths of the window (newest first), for the estimates. */
export async function durationsSince(tx: ClinicTx, since: Date, limit = 5000): Promise<Duration[]> {
  const rows = await dbOf(tx)
    .selectFrom('queue_entries')
    .select(['doctor_id', 'service_id', 'started_at', 'finished_at'])
    .where('clinic_id', '=', tx.clinicId)
    .where('started_at', 'is not', null)
    .where('finished_at', '>=', since)
    .orderBy('finished_at', 'desc')
    .limit(limit)
    .execute();
  return rows.flatMap((r) =>
    r.started_at && r.finished_at
      ? [
          {
            doctorId: r.doctor_id,
            serviceId: r.service_id,
            finishedAt: r.finished_at,
            minutes: (r.finished_at.getTime() - r.started_at.getTime()) / 60_000,
          },
        ]
      : [],
  );
}

/** Entries whose first estimate can be judged (they started), newest first. */
export function estimatedSince(tx: ClinicTx, since: Date, limit = 2000) {
  return dbOf(tx)
    .selectFrom('queue_entries as q')
    .innerJoin('users as du', 'du.id', 'q.doctor_id')
    .select([
      'q.id',
      'q.ticket',
      'q.doctor_id',
      'du.name as doctor_name',
      'q.first_estimate_at',
      'q.started_at',
    ])
    .where('q.clinic_id', '=', tx.clinicId)
    .where('q.first_estimate_at', 'is not', null)
    .where('q.started_at', '>=', since)
    .orderBy('q.started_at', 'desc')
    .limit(limit)
    .execute();
}

/** The clinic's active doctors, by name. */
export function doctorsOf(tx: ClinicTx): Promise<{ id: string; name: string }[]> {
  return dbOf(tx)
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id as id', 'u.name'])
    .where('m.clinic_id', '=', tx.clinicId)
    .where('m.role', '=', 'doctor')
    .where('m.status', '=', 'active')
    .orderBy('u.name')
    .orderBy('m.user_id')
    .execute();
}

function appointments(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('appointments as a')
    .innerJoin('users as du', 'du.id', 'a.doctor_id')
    .innerJoin('patients as p', (j) =>
      j.onRef('p.clinic_id', '=', 'a.clinic_id').onRef('p.id', '=', 'a.patient_id'),
    )
    .innerJoin('services as s', (j) =>
      j.onRef('s.clinic_id', '=', 'a.clinic_id').onRef('s.id', '=', 'a.service_id'),
    )
    .select([
      'a.id',
      'a.status',
      'a.mode',
      'a.doctor_id',
      'du.name as doctor_name',
      'a.patient_id',
      'p.full_name as patient_name',
      'p.phone as patient_phone',
      'p.user_id as patient_user_id',
      'a.service_id',
      's.name as service_name',
      'a.starts_at',
      'a.ends_at',
    ])
    .$narrowType<{ patient_id: string }>()
    .where('a.clinic_id', '=', tx.clinicId);
}

export type AppointmentRow = Awaited<ReturnType<ReturnType<typeof appointments>['executeTakeFirstOrThrow']>>;

export function findAppointment(tx: ClinicTx, id: string): Promise<AppointmentRow | undefined> {
  return appointments(tx).where('a.id', '=', id).executeTakeFirst();
}

/** In-person appointments starting in [from, to), in a state, optionally of one patient or doctor. */
export function appointmentsBetween(
  tx: ClinicTx,
  from: Date,
  to: Date,
  opts: { statuses: string[]; patientId?: string; doctorId?: string | undefined },
): Promise<AppointmentRow[]> {
  let q = appointments(tx)
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .where('a.mode', '=', 'in_person')
    .where('a.status', 'in', opts.statuses as ['confirmed']);
  if (opts.patientId) q = q.where('a.patient_id', '=', opts.patientId);
  if (opts.doctorId) q = q.where('a.doctor_id', '=', opts.doctorId);
  return q.orderBy('a.starts_at').orderBy('a.id').limit(2000).execute();
}

export interface ClinicFacts {
  slug: string;
  name: string;
  timeZone: string;
  locale: string;
  active: boolean;
}

export async function clinicFactsOf(tx: ClinicTx): Promise<ClinicFacts | undefined> {
  const r = await dbOf(tx)
    .selectFrom('clinics')
    .select(['slug', 'name', 'time_zone', 'locale', 'status'])
    .where('id', '=', tx.clinicId)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    slug: r.slug,
    name: r.name,
    timeZone: r.time_zone,
    locale: r.locale,
    active: r.status === 'active',
  };
}

export async function doctorNameOf(tx: ClinicTx, doctorId: string): Promise<string | undefined> {
  const r = await dbOf(tx).selectFrom('users').select('name').where('id', '=', doctorId).executeTakeFirst();
  return r?.name;
}

export async function patientIdOfUser(tx: ClinicTx, userId: string): Promise<string | undefined> {
  const r = await dbOf(tx)
    .selectFrom('patients')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.id;
}

export async function patientIdsByPhone(tx: ClinicTx, phone: string): Promise<string[]> {
  const rows = await dbOf(tx)
    .selectFrom('patients')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('phone', '=', phone)
    .execute();
  return rows.map((r) => r.id);
}

/** The service's length for this doctor and its buffers, or undefined when not offered. */
export async function serviceForDoctor(tx: ClinicTx, doctorId: string, serviceId: string | undefined) {
  let q = dbOf(tx)
    .selectFrom('doctor_services as ds')
    .innerJoin('services as s', (j) =>
      j.onRef('s.clinic_id', '=', 'ds.clinic_id').onRef('s.id', '=', 'ds.service_id'),
    )
    .select([
      's.id',
      's.duration_min',
      'ds.duration_min as own_min',
      's.buffer_before_min',
      's.buffer_after_min',
    ])
    .where('ds.clinic_id', '=', tx.clinicId)
    .where('ds.doctor_id', '=', doctorId)
    .where('s.active', '=', true)
    .where('s.mode', '=', 'in_person');
  if (serviceId) q = q.where('s.id', '=', serviceId);
  const r = await q.orderBy('s.created_at').orderBy('s.id').limit(1).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    minutes: r.own_min ?? r.duration_min,
    beforeMin: r.buffer_before_min,
    afterMin: r.buffer_after_min,
  };
}

/** The doctor's time taken in [from, to) as the no-double-booking constraint sees it (live holds count). */
export async function busyOfDoctor(
  tx: ClinicTx,
  doctorId: string,
  from: Date,
  to: Date,
): Promise<Interval[]> {
  const rows = await dbOf(tx)
    .selectFrom('appointments')
    .select(['blocked_from', 'blocked_until'])
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .where('status', 'in', [...BLOCKING_STATUSES])
    .where((eb) =>
      eb.or([eb('status', 'not in', ['pending', 'requested']), eb('hold_expires_at', '>', tx.now)]),
    )
    .where('blocked_from', '<', to)
    .where('blocked_until', '>', from)
    .execute();
  return rows.map((r) => ({ start: r.blocked_from.getTime(), end: r.blocked_until.getTime() }));
}

export async function insertDisplay(
  tx: ClinicTx,
  v: Omit<Insertable<QueueDisplaysTable>, 'clinic_id' | 'created_at'>,
): Promise<void> {
  await dbOf(tx)
    .insertInto('queue_displays')
    .values({ ...v, clinic_id: tx.clinicId, created_at: tx.now })
    .execute();
}

function displays(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('queue_displays')
    .select(['id', 'name', 'chime', 'created_at', 'revoked_at'])
    .where('clinic_id', '=', tx.clinicId);
}

export type DisplayRow = Awaited<ReturnType<ReturnType<typeof displays>['executeTakeFirstOrThrow']>>;

export function listDisplays(tx: ClinicTx): Promise<DisplayRow[]> {
  return displays(tx).orderBy('created_at').orderBy('id').limit(200).execute();
}

export function findDisplay(tx: ClinicTx, id: string): Promise<DisplayRow | undefined> {
  return displays(tx).where('id', '=', id).executeTakeFirst();
}

export function liveDisplayByToken(tx: ClinicTx, hash: Buffer): Promise<DisplayRow | undefined> {
  return displays(tx).where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function revokeDisplay(tx: ClinicTx, id: string): Promise<boolean> {
  const r = await dbOf(tx)
    .updateTable('queue_displays')
    .set({ revoked_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function hasDisplays(tx: ClinicTx): Promise<boolean> {
  return (await displays(tx).limit(1).executeTakeFirst()) !== undefined;
}

export type { EntryState };
