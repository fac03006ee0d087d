import { sql } from 'kysely';
import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import { conflict } from '../../../platform/http/errors.ts';
import type { Mode } from '../core/work-hours.ts';
import type { SchedulingTables } from '../tables.ts';
import type { Doctor, Room, Service } from './schema.ts';

const dbOf = tablesOf<SchedulingTables>();

/** SQL for clinic set-up: doctors, services, rooms, work rules, exceptions. */

export async function isActiveDoctor(tx: ClinicTx, userId: string): Promise<boolean> {
  const row = await dbOf(tx)
    .selectFrom('memberships')
    .select('user_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('user_id', '=', userId)
    .where('role', '=', 'doctor')
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

/** A doctor's profile row exists from the first time anything refers to them. */
export async function ensureProfile(tx: ClinicTx, userId: string): Promise<void> {
  await dbOf(tx)
    .insertInto('doctor_profiles')
    .values({
      clinic_id: tx.clinicId,
      user_id: userId,
      specialty: null,
      bio: null,
      photo_url: null,
      color: null,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .onConflict((oc) => oc.columns(['clinic_id', 'user_id']).doNothing())
    .execute();
}

export async function listDoctors(tx: ClinicTx, onlyId?: string): Promise<Doctor[]> {
  let q = dbOf(tx)
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('doctor_profiles as p', (j) =>
      j.onRef('p.clinic_id', '=', 'm.clinic_id').onRef('p.user_id', '=', 'm.user_id'),
    )
    .select(['m.user_id', 'u.name', 'p.specialty', 'p.bio', 'p.photo_url', 'p.languages', 'p.color'])
    .where('m.clinic_id', '=', tx.clinicId)
    .where('m.role', '=', 'doctor')
    .where('m.status', '=', 'active');
  if (onlyId) q = q.where('m.user_id', '=', onlyId);
  const rows = await q.orderBy('u.name').orderBy('m.user_id').execute();
  if (rows.length === 0) return [];
  const offers = await dbOf(tx)
    .selectFrom('doctor_services as ds')
    .innerJoin('services as s', (j) =>
      j.onRef('s.clinic_id', '=', 'ds.clinic_id').onRef('s.id', '=', 'ds.service_id'),
    )
    .select(['ds.doctor_id', 'ds.service_id', 'ds.duration_min', 'ds.price_minor'])
    .where('ds.clinic_id', '=', tx.clinicId)
    .where(
      'ds.doctor_id',
      'in',
      rows.map((r) => r.user_id),
    )
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({
    id: r.user_id,
    name: r.name,
    specialty: r.specialty ?? null,
    bio: r.bio ?? null,
    photoUrl: r.photo_url ?? null,
    languages: r.languages ?? [],
    color: r.color ?? null,
    services: offers
      .filter((o) => o.doctor_id === r.user_id)
      .map((o) => ({ serviceId: o.service_id, durationMin: o.duration_min, priceMinor: o.price_minor })),
  }));
}

/**
 * How many visits each doctor had of each service since `since` (later bookings included; lapsed
 * holds left out): the booking form's default service is the doctor's most booked one.
 */
export async function serviceUsage(
  tx: ClinicTx,
  since: Date,
  doctorId?: string,
): Promise<Array<{ doctorId: string; serviceId: string; booked: number }>> {
  let q = dbOf(tx)
    .selectFrom('appointments')
    .select(['doctor_id', 'service_id', sql<number>`count(*)::int`.as('booked')])
    .where('clinic_id', '=', tx.clinicId)
    .where('starts_at', '>=', since)
    .where('status', '<>', 'expired');
  if (doctorId) q = q.where('doctor_id', '=', doctorId);
  const rows = await q
    .groupBy(['doctor_id', 'service_id'])
    .orderBy('doctor_id')
    .orderBy('service_id')
    .execute();
  return rows.map((r) => ({ doctorId: r.doctor_id, serviceId: r.service_id, booked: Number(r.booked) }));
}

export type ProfileChanges = Partial<{
  specialty: string | null;
  bio: string | null;
  photo_url: string | null;
  languages: string[];
  color: string | null;
}>;

export async function updateProfile(tx: ClinicTx, userId: string, changes: ProfileChanges): Promise<void> {
  await ensureProfile(tx, userId);
  await dbOf(tx)
    .updateTable('doctor_profiles')
    .set({ ...changes, updated_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('user_id', '=', userId)
    .execute();
}

const serviceColumns = [
  'id',
  'name',
  'name_ar',
  'duration_min',
  'price_minor',
  'mode',
  'buffer_before_min',
  'buffer_after_min',
  'color',
  'requires_room',
  'active',
] as const;

type ServiceRow = {
  id: string;
  name: string;
  name_ar: string | null;
  duration_min: number;
  price_minor: number;
  mode: Mode;
  buffer_before_min: number;
  buffer_after_min: number;
  color: string | null;
  requires_room: boolean;
  active: boolean;
};

const toService = (r: ServiceRow, currency: string): Service => ({
  id: r.id,
  name: r.name,
  nameAr: r.name_ar,
  durationMin: r.duration_min,
  priceMinor: Number(r.price_minor),
  currency,
  mode: r.mode,
  bufferBeforeMin: r.buffer_before_min,
  bufferAfterMin: r.buffer_after_min,
  color: r.color,
  requiresRoom: r.requires_room,
  active: r.active,
});

export async function clinicFacts(tx: ClinicTx): Promise<{ timeZone: string; currency: string }> {
  const row = await dbOf(tx)
    .selectFrom('clinics')
    .select(['time_zone', 'currency'])
    .where('id', '=', tx.clinicId)
    .executeTakeFirstOrThrow();
  return { timeZone: row.time_zone, currency: row.currency };
}

export async function listServices(tx: ClinicTx, currency: string, ids?: string[]): Promise<Service[]> {
  let q = dbOf(tx).selectFrom('services').select(serviceColumns).where('clinic_id', '=', tx.clinicId);
  if (ids) q = q.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  const rows = await q.orderBy('name').orderBy('id').execute();
  return rows.map((r) => toService(r, currency));
}

export async function findService(tx: ClinicTx, id: string, currency: string): Promise<Service | undefined> {
  return (await listServices(tx, currency, [id]))[0];
}

export type ServiceColumns = Omit<ServiceRow, 'id'>;

export async function insertService(tx: ClinicTx, id: string, v: ServiceColumns): Promise<void> {
  await dbOf(tx)
    .insertInto('services')
    .values({ clinic_id: tx.clinicId, id, ...v, created_at: tx.now, updated_at: tx.now })
    .execute();
}

export async function updateService(tx: ClinicTx, id: string, v: Partial<ServiceColumns>): Promise<boolean> {
  const res = await dbOf(tx)
    .updateTable('services')
    .set({ ...v, updated_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function offerService(
  tx: ClinicTx,
  doctorId: string,
  serviceId: string,
  v: { duration_min: number | null; price_minor: number | null },
): Promise<void> {
  await ensureProfile(tx, doctorId);
  await dbOf(tx)
    .insertInto('doctor_services')
    .values({ clinic_id: tx.clinicId, doctor_id: doctorId, service_id: serviceId, ...v })
    .onConflict((oc) => oc.columns(['clinic_id', 'doctor_id', 'service_id']).doUpdateSet(v))
    .execute();
}

export async function withdrawService(tx: ClinicTx, doctorId: string, serviceId: string): Promise<boolean> {
  const res = await dbOf(tx)
    .deleteFrom('doctor_services')
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The doctors offering a service, with their overrides. */
export async function offersOf(tx: ClinicTx, serviceId: string, doctorId?: string) {
  let q = dbOf(tx)
    .selectFrom('doctor_services as ds')
    .innerJoin('memberships as m', (j) =>
      j
        .onRef('m.clinic_id', '=', 'ds.clinic_id')
        .onRef('m.user_id', '=', 'ds.doctor_id')
        .on('m.role', '=', 'doctor')
        .on('m.status', '=', 'active'),
    )
    .select(['ds.doctor_id', 'ds.duration_min', 'ds.price_minor'])
    .where('ds.clinic_id', '=', tx.clinicId)
    .where('ds.service_id', '=', serviceId);
  if (doctorId) q = q.where('ds.doctor_id', '=', doctorId);
  return q.orderBy('ds.doctor_id').execute();
}

export async function listRooms(tx: ClinicTx): Promise<Room[]> {
  return dbOf(tx)
    .selectFrom('rooms')
    .select(['id', 'name', 'active'])
    .where('clinic_id', '=', tx.clinicId)
    .orderBy('name')
    .execute();
}

export async function insertRoom(tx: ClinicTx, id: string, name: string): Promise<void> {
  await dbOf(tx)
    .insertInto('rooms')
    .values({ clinic_id: tx.clinicId, id, name, created_at: tx.now })
    .execute()
    .catch(roomNameTaken);
}

export async function updateRoom(tx: ClinicTx, id: string, v: { name?: string; active?: boolean }) {
  return dbOf(tx)
    .updateTable('rooms')
    .set(v)
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .returning(['id', 'name', 'active'])
    .executeTakeFirst()
    .catch(roomNameTaken);
}

/** Room names are unique per clinic, whatever their case (index rooms_name): say so plainly. */
function roomNameTaken(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'rooms_name')
    throw conflict('room_name_taken', 'The clinic already has a room with this name');
  throw err;
}

export async function roomsExist(tx: ClinicTx, ids: string[]): Promise<boolean> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return true;
  const rows = await dbOf(tx)
    .selectFrom('rooms')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('id', 'in', unique)
    .execute();
  return rows.length === unique.length;
}

export async function visitRules(tx: ClinicTx): Promise<{ startBeforeCheckIn: boolean }> {
  const row = await dbOf(tx)
    .selectFrom('visit_rules')
    .select('start_before_check_in')
    .where('clinic_id', '=', tx.clinicId)
    .executeTakeFirst();
  return { startBeforeCheckIn: row?.start_before_check_in ?? false };
}

export async function saveVisitRules(tx: ClinicTx, v: { startBeforeCheckIn: boolean }): Promise<void> {
  await dbOf(tx)
    .insertInto('visit_rules')
    .values({
      clinic_id: tx.clinicId,
      start_before_check_in: v.startBeforeCheckIn,
      updated_at: tx.now,
      updated_by: tx.actor.userId,
    })
    .onConflict((oc) =>
      oc.column('clinic_id').doUpdateSet({
        start_before_check_in: v.startBeforeCheckIn,
        updated_at: tx.now,
        updated_by: tx.actor.userId,
      }),
    )
    .execute();
}
