import type { Updateable } from 'kysely';
import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { SchedulingTables } from '../../scheduling/index.ts';
import type { BookingHoldsTable, BookingTables } from '../tables.ts';

const dbOf = tablesOf<BookingTables & SchedulingTables>();

/** Active services that at least one active doctor offers, with their approval flag. */
export async function publicServices(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('services as s')
    .leftJoin('booking_services as b', (j) =>
      j.onRef('b.clinic_id', '=', 's.clinic_id').onRef('b.service_id', '=', 's.id'),
    )
    .select([
      's.id',
      's.name',
      's.name_ar',
      's.duration_min',
      's.price_minor',
      's.mode',
      'b.requires_approval',
    ])
    .where('s.clinic_id', '=', tx.clinicId)
    .where('s.active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('doctor_services as ds')
          .innerJoin('memberships as m', (j) =>
            j
              .onRef('m.clinic_id', '=', 'ds.clinic_id')
              .onRef('m.user_id', '=', 'ds.doctor_id')
              .on('m.role', '=', 'doctor')
              .on('m.status', '=', 'active'),
          )
          .select('ds.doctor_id')
          .whereRef('ds.clinic_id', '=', 's.clinic_id')
          .whereRef('ds.service_id', '=', 's.id'),
      ),
    )
    .orderBy('s.name')
    .execute();
}

/** The active doctors offering a service, with their public face. */
export async function publicDoctors(tx: ClinicTx, serviceId: string) {
  return dbOf(tx)
    .selectFrom('doctor_services as ds')
    .innerJoin('memberships as m', (j) =>
      j
        .onRef('m.clinic_id', '=', 'ds.clinic_id')
        .onRef('m.user_id', '=', 'ds.doctor_id')
        .on('m.role', '=', 'doctor')
        .on('m.status', '=', 'active'),
    )
    .innerJoin('users as u', 'u.id', 'ds.doctor_id')
    .leftJoin('doctor_profiles as p', (j) =>
      j.onRef('p.clinic_id', '=', 'ds.clinic_id').onRef('p.user_id', '=', 'ds.doctor_id'),
    )
    .select(['ds.doctor_id', 'u.name', 'p.specialty'])
    .where('ds.clinic_id', '=', tx.clinicId)
    .where('ds.service_id', '=', serviceId)
    .orderBy('u.name')
    .execute();
}

export type HoldRow = Awaited<ReturnType<typeof findHold>>;

/** A site hold with its appointment's facts, locked for the change about to be made. */
export async function findHold(tx: ClinicTx, appointmentId: string) {
  return dbOf(tx)
    .selectFrom('booking_holds as h')
    .innerJoin('appointments as a', (j) =>
      j.onRef('a.clinic_id', '=', 'h.clinic_id').onRef('a.id', '=', 'h.appointment_id'),
    )
    .innerJoin('services as s', (j) =>
      j.onRef('s.clinic_id', '=', 'a.clinic_id').onRef('s.id', '=', 'a.service_id'),
    )
    .innerJoin('users as u', 'u.id', 'a.doctor_id')
    .select([
      'h.appointment_id',
      'h.secret_hash',
      'h.full_name',
      'h.phone',
      'h.email',
      'h.language',
      'h.code_hash',
      'h.code_sent_at',
      'h.code_expires_at',
      'h.codes_sent',
      'h.attempts',
      'h.verified_at',
      'a.status',
      'a.service_id',
      'a.doctor_id',
      'a.starts_at',
      'a.ends_at',
      'a.hold_expires_at',
      's.name as service_name',
      's.name_ar as service_name_ar',
      'u.name as doctor_name',
    ])
    .where('h.clinic_id', '=', tx.clinicId)
    .where('h.appointment_id', '=', appointmentId)
    .forUpdate('h')
    .executeTakeFirst();
}

export async function insertHold(
  tx: ClinicTx,
  v: { appointment_id: string; secret_hash: Buffer; ip: string | null },
): Promise<void> {
  await dbOf(tx)
    .insertInto('booking_holds')
    .values({ ...v, clinic_id: tx.clinicId, created_at: tx.now })
    .execute();
}

export async function updateHold(
  tx: ClinicTx,
  appointmentId: string,
  v: Partial<
    Pick<Updateable<BookingHoldsTable>, 'full_name' | 'phone' | 'email' | 'code_hash'> & {
      language: 'en' | 'ar';
      code_sent_at: Date;
      code_expires_at: Date;
      verified_at: Date;
    }
  >,
  counters: { codeSent?: boolean; attempt?: boolean } = {},
): Promise<void> {
  await dbOf(tx)
    .updateTable('booking_holds')
    .set((eb) => ({
      ...v,
      ...(counters.codeSent ? { codes_sent: eb('codes_sent', '+', 1), attempts: 0 } : {}),
      ...(counters.attempt ? { attempts: eb('attempts', '+', 1) } : {}),
    }))
    .where('clinic_id', '=', tx.clinicId)
    .where('appointment_id', '=', appointmentId)
    .execute();
}

/** Live (unexpired, unverified) site holds from one address or for one phone. */
export async function openHolds(
  tx: ClinicTx,
  by: { ip: string } | { phone: string },
  exceptId: string | null,
): Promise<number> {
  let q = dbOf(tx)
    .selectFrom('booking_holds as h')
    .innerJoin('appointments as a', (j) =>
      j.onRef('a.clinic_id', '=', 'h.clinic_id').onRef('a.id', '=', 'h.appointment_id'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('h.clinic_id', '=', tx.clinicId)
    .where('a.status', '=', 'pending')
    .where('a.hold_expires_at', '>', tx.now);
  q = 'ip' in by ? q.where('h.ip', '=', by.ip) : q.where('h.phone', '=', by.phone);
  if (exceptId) q = q.where('h.appointment_id', '<>', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}
