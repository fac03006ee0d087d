import { type Insertable, sql, type Updateable } from 'kysely';
import { tablesOf } from '../../platform/db/tables.ts';
import type { ClinicTx } from '../../platform/db/tenancy.ts';
import type { PatientsTables } from '../patients/index.ts';
import type { SchedulingTables } from '../scheduling/index.ts';
import type { WishStatus } from './core.ts';
import type { WaitlistOffersTable, WaitlistTables, WaitlistWishesTable } from './tables.ts';

/** The waitlist's SQL. */

const dbOf = tablesOf<WaitlistTables & PatientsTables & SchedulingTables>();

function wishes(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('waitlist_wishes as w')
    .innerJoin('patients as p', (j) =>
      j.onRef('p.clinic_id', '=', 'w.clinic_id').onRef('p.id', '=', 'w.patient_id'),
    )
    .leftJoin('users as du', 'du.id', 'w.doctor_id')
    .leftJoin('services as s', (j) =>
      j.onRef('s.clinic_id', '=', 'w.clinic_id').onRef('s.id', '=', 'w.service_id'),
    )
    .select([
      'w.id',
      'w.patient_id',
      'p.full_name as patient_name',
      'p.phone as patient_phone',
      'p.email as patient_email',
      'w.doctor_id',
      'du.name as doctor_name',
      'w.service_id',
      's.name as service_name',
      's.name_ar as service_name_ar',
      'w.from_date',
      'w.to_date',
      'w.parts',
      'w.priority',
      'w.status',
      'w.source',
      'w.note',
      'w.appointment_id',
      'w.created_at',
      'w.created_by',
      'w.updated_at',
    ])
    .where('w.clinic_id', '=', tx.clinicId);
}

export type WishRow = Awaited<ReturnType<ReturnType<typeof wishes>['executeTakeFirstOrThrow']>>;

export async function insertWish(
  tx: ClinicTx,
  v: Omit<Insertable<WaitlistWishesTable>, 'clinic_id' | 'created_at' | 'updated_at'>,
): Promise<void> {
  await dbOf(tx)
    .insertInto('waitlist_wishes')
    .values({ ...v, clinic_id: tx.clinicId, created_at: tx.now, updated_at: tx.now })
    .execute();
}

export async function updateWish(
  tx: ClinicTx,
  id: string,
  patch: Omit<Updateable<WaitlistWishesTable>, 'clinic_id' | 'id'>,
): Promise<void> {
  await dbOf(tx)
    .updateTable('waitlist_wishes')
    .set({ ...patch, updated_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .execute();
}

export async function findWish(tx: ClinicTx, id: string, lock = false): Promise<WishRow | undefined> {
  if (lock) {
    await sql`select 1 from waitlist_wishes where clinic_id = ${tx.clinicId} and id = ${id} for update`.execute(
      dbOf(tx),
    );
  }
  return wishes(tx).where('w.id', '=', id).executeTakeFirst();
}

export function listWishes(
  tx: ClinicTx,
  opts: { statuses: readonly WishStatus[]; patientId?: string | undefined; limit: number },
): Promise<WishRow[]> {
  let q = wishes(tx).where('w.status', 'in', [...opts.statuses]);
  if (opts.patientId) q = q.where('w.patient_id', '=', opts.patientId);
  return q.orderBy('w.priority', 'desc').orderBy('w.created_at').orderBy('w.id').limit(opts.limit).execute();
}

/** Waiting wishes that may fit a doctor's time on `day` (local date); the caller checks the rest. */
export function waitingWishesFor(tx: ClinicTx, doctorId: string, day: string): Promise<WishRow[]> {
  return wishes(tx)
    .where('w.status', '=', 'waiting')
    .where((eb) => eb.or([eb('w.doctor_id', 'is', null), eb('w.doctor_id', '=', doctorId)]))
    .where('w.from_date', '<=', day)
    .where('w.to_date', '>=', day)
    .orderBy('w.priority', 'desc')
    .orderBy('w.created_at')
    .orderBy('w.id')
    .limit(200)
    .execute();
}

/** Wishes already offered this doctor's time (any outcome): a time is offered to a wish once. */
export async function wishesOfferedTime(
  tx: ClinicTx,
  doctorId: string,
  startsAt: Date,
): Promise<Set<string>> {
  const rows = await dbOf(tx)
    .selectFrom('waitlist_offers')
    .select('wish_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .where('starts_at', '=', startsAt)
    .execute();
  return new Set(rows.map((r) => r.wish_id));
}

/** Inserts an offer unless this wish was offered this time already; answers whether it did. */
export async function insertOffer(
  tx: ClinicTx,
  v: Omit<Insertable<WaitlistOffersTable>, 'clinic_id' | 'created_at'>,
): Promise<boolean> {
  const row = await dbOf(tx)
    .insertInto('waitlist_offers')
    .values({ ...v, clinic_id: tx.clinicId, created_at: tx.now })
    .onConflict((oc) => oc.columns(['clinic_id', 'wish_id', 'doctor_id', 'starts_at']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

function offers(tx: ClinicTx) {
  return dbOf(tx).selectFrom('waitlist_offers').selectAll().where('clinic_id', '=', tx.clinicId);
}

export type OfferRow = Awaited<ReturnType<ReturnType<typeof offers>['executeTakeFirstOrThrow']>>;

async function lockOffers(tx: ClinicTx, column: 'token_hash' | 'hold_id', value: Buffer | string) {
  await sql`select 1 from waitlist_offers where clinic_id = ${tx.clinicId} and ${sql.ref(column)} = ${value}
    for update`.execute(dbOf(tx));
}

export async function offerByToken(tx: ClinicTx, hash: Buffer, lock = false): Promise<OfferRow | undefined> {
  if (lock) await lockOffers(tx, 'token_hash', hash);
  return offers(tx).where('token_hash', '=', hash).executeTakeFirst();
}

export async function offerByHold(tx: ClinicTx, holdId: string, lock = false): Promise<OfferRow | undefined> {
  if (lock) await lockOffers(tx, 'hold_id', holdId);
  return offers(tx).where('hold_id', '=', holdId).executeTakeFirst();
}

/** Other open offers of the same doctor's time (mode 'all'): told it is gone once one is claimed. */
export function openOffersOfTime(
  tx: ClinicTx,
  doctorId: string,
  startsAt: Date,
  except: string,
): Promise<OfferRow[]> {
  return offers(tx)
    .where('doctor_id', '=', doctorId)
    .where('starts_at', '=', startsAt)
    .where('status', '=', 'open')
    .where('id', '<>', except || '00000000-0000-0000-0000-000000000000')
    .execute();
}

/** Open offers without a hold whose time to answer has passed (mode 'all'). */
export function lapsedOpenOffers(tx: ClinicTx, limit: number): Promise<OfferRow[]> {
  return offers(tx)
    .where('status', '=', 'open')
    .where('hold_id', 'is', null)
    .where('expires_at', '<=', tx.now)
    .orderBy('expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export function offersOfWish(tx: ClinicTx, wishId: string): Promise<OfferRow[]> {
  return offers(tx).where('wish_id', '=', wishId).orderBy('created_at', 'desc').limit(20).execute();
}

export async function updateOffer(
  tx: ClinicTx,
  id: string,
  patch: Omit<Updateable<WaitlistOffersTable>, 'clinic_id' | 'id'>,
): Promise<void> {
  await dbOf(tx)
    .updateTable('waitlist_offers')
    .set(patch)
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .execute();
}

/** Any open offer left for a wish (it stays 'offered' while one is). */
export async function hasOpenOffer(tx: ClinicTx, wishId: string): Promise<boolean> {
  const row = await offers(tx).where('wish_id', '=', wishId).where('status', '=', 'open').executeTakeFirst();
  return row !== undefined;
}

export interface ClinicFacts {
  slug: string;
  name: string;
  timeZone: string;
  locale: string;
}

export async function clinicFactsOf(tx: ClinicTx): Promise<ClinicFacts> {
  const r = await dbOf(tx)
    .selectFrom('clinics')
    .select(['slug', 'name', 'time_zone', 'locale'])
    .where('id', '=', tx.clinicId)
    .executeTakeFirstOrThrow();
  return { slug: r.slug, name: r.name, timeZone: r.time_zone, locale: r.locale };
}

export async function doctorNameOf(tx: ClinicTx, doctorId: string): Promise<string> {
  const r = await dbOf(tx).selectFrom('users').select('name').where('id', '=', doctorId).executeTakeFirst();
  return r?.name ?? '';
}

/** Whether a doctor works at the clinic (a profile) and a service exists: other clinics' ids are 404s. */
export async function doctorExists(tx: ClinicTx, doctorId: string): Promise<boolean> {
  const r = await dbOf(tx)
    .selectFrom('doctor_profiles')
    .select('user_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('user_id', '=', doctorId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function serviceExists(tx: ClinicTx, serviceId: string): Promise<boolean> {
  const r = await dbOf(tx)
    .selectFrom('services')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return r !== undefined;
}

/** The record of the signed-in person in this clinic (the patient panel's own wishes). */
export async function patientIdOfUser(tx: ClinicTx, userId: string): Promise<string | undefined> {
  const r = await dbOf(tx)
    .selectFrom('patients')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.id;
}

/**
 * The clinic's offer settings. They belong to the booking slice's `booking_settings` table; until
 * that table (and its waitlist columns) exist, the defaults apply. Read defensively so this works
 * before and after the booking migration lands.
 */
/** Every offer of one doctor's time, locked in one order: claims of the time take turns. */
export async function lockOffersOfTime(tx: ClinicTx, doctorId: string, startsAt: Date): Promise<void> {
  await sql`select 1 from waitlist_offers where clinic_id = ${tx.clinicId} and doctor_id = ${doctorId}
    and starts_at = ${startsAt} order by id for update`.execute(dbOf(tx));
}

/** Waiting wishes whose last day is before `today` (local) expire. */
export async function expireWishesBefore(tx: ClinicTx, today: string): Promise<number> {
  const r = await dbOf(tx)
    .updateTable('waitlist_wishes')
    .set({ status: 'expired', updated_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('status', '=', 'waiting')
    .where('to_date', '<', today)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The clinic's first active in-person service (the demo's wishes name it). */
export async function firstServiceId(tx: ClinicTx): Promise<string | undefined> {
  const r = await dbOf(tx)
    .selectFrom('services')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('active', '=', true)
    .where('mode', '=', 'in_person')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return r?.id;
}

/** What the site's waitlist form offers: active services and the clinic's doctors. */
export async function publicChoices(tx: ClinicTx) {
  const services = await dbOf(tx)
    .selectFrom('services')
    .select(['id', 'name', 'name_ar'])
    .where('clinic_id', '=', tx.clinicId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  const doctors = await dbOf(tx)
    .selectFrom('doctor_profiles as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select(['d.user_id as id', 'u.name'])
    .where('d.clinic_id', '=', tx.clinicId)
    .orderBy('u.name')
    .execute();
  return { services, doctors };
}
