import { sql } from 'kysely';
import { tablesOf } from '../../platform/db/tables.ts';
import type { BaseTx, ClinicTx } from '../../platform/db/tenancy.ts';
import type { BookingTables } from '../booking/index.ts';
import type { PatientsTables } from '../patients/index.ts';
import type { SchedulingTables } from '../scheduling/index.ts';
import type { SiteTables } from '../site/index.ts';
import type { NoticeKind, NoticesTables } from './tables.ts';

const dbOf = tablesOf<NoticesTables & SchedulingTables & PatientsTables & BookingTables & SiteTables>();

/** Everything a notice or the self-service page says about one appointment. */
export async function appointmentFacts(tx: ClinicTx, appointmentId: string) {
  return (
    dbOf(tx)
      .selectFrom('appointments as a')
      .innerJoin('clinics as c', 'c.id', 'a.clinic_id')
      .innerJoin('users as du', 'du.id', 'a.doctor_id')
      .innerJoin('patients as p', (j) =>
        j.onRef('p.clinic_id', '=', 'a.clinic_id').onRef('p.id', '=', 'a.patient_id'),
      )
      .innerJoin('users as pu', 'pu.id', 'p.user_id')
      .innerJoin('services as s', (j) =>
        j.onRef('s.clinic_id', '=', 'a.clinic_id').onRef('s.id', '=', 'a.service_id'),
      )
      .leftJoin('appointment_notices as n', (j) =>
        j.onRef('n.clinic_id', '=', 'a.clinic_id').onRef('n.appointment_id', '=', 'a.id'),
      )
      // The clinic's online booking settings (change window, reminders) and its public phone.
      .leftJoin('booking_settings as bs', 'bs.clinic_id', 'a.clinic_id')
      .leftJoin('clinic_sites as cs', 'cs.clinic_id', 'a.clinic_id')
      .select([
        'a.id',
        'a.status',
        'a.starts_at',
        'a.ends_at',
        'a.doctor_id',
        'a.service_id',
        'a.cancel_reason',
        'a.updated_at',
        'c.name as clinic_name',
        'c.slug as clinic_slug',
        'c.time_zone',
        'c.locale as clinic_locale',
        'du.name as doctor_name',
        'p.user_id as patient_user_id',
        'p.full_name as patient_name',
        'p.phone',
        'p.email',
        'pu.locale as user_locale',
        's.name as service_name',
        's.name_ar as service_name_ar',
        'n.lang',
        'n.attendance_confirmed_at',
        'n.call_patient_at',
        'n.call_patient_cleared_at',
        'bs.cancellation_window_hours',
        'bs.reminder_offsets_min',
        'cs.phone as clinic_phone',
      ])
      .where('a.clinic_id', '=', tx.clinicId)
      .where('a.id', '=', appointmentId)
      .executeTakeFirst()
  );
}
export type AppointmentFacts = NonNullable<Awaited<ReturnType<typeof appointmentFacts>>>;

export async function ensureNotice(tx: ClinicTx, appointmentId: string, lang: 'en' | 'ar'): Promise<void> {
  await dbOf(tx)
    .insertInto('appointment_notices')
    .values({ clinic_id: tx.clinicId, appointment_id: appointmentId, lang })
    .onConflict((oc) => oc.columns(['clinic_id', 'appointment_id']).doNothing())
    .execute();
}

// ---- links ----

export async function insertLink(
  tx: ClinicTx,
  v: { id: string; appointmentId: string; tokenHash: Buffer; expiresAt: Date },
): Promise<void> {
  await dbOf(tx)
    .insertInto('visit_links')
    .values({
      clinic_id: tx.clinicId,
      id: v.id,
      appointment_id: v.appointmentId,
      token_hash: v.tokenHash,
      created_at: tx.now,
      expires_at: v.expiresAt,
    })
    .execute();
}

/** Revokes the appointment's live links; answers how many. */
export async function revokeLinks(tx: ClinicTx, appointmentId: string, by: string | null): Promise<number> {
  const r = await dbOf(tx)
    .updateTable('visit_links')
    .set({ revoked_at: tx.now, revoked_by: by })
    .where('clinic_id', '=', tx.clinicId)
    .where('appointment_id', '=', appointmentId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A live link by its token's hash (not revoked, not expired). */
export async function liveLink(tx: ClinicTx, tokenHash: Buffer) {
  return dbOf(tx)
    .selectFrom('visit_links')
    .select(['id', 'appointment_id'])
    .where('clinic_id', '=', tx.clinicId)
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', tx.now)
    .executeTakeFirst();
}

// ---- messages ----

export async function messageKeyUsed(tx: ClinicTx, dedupeKey: string): Promise<boolean> {
  const row = await dbOf(tx)
    .selectFrom('appointment_messages')
    .select('outbox_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertMessage(
  tx: ClinicTx,
  v: {
    outboxId: string;
    appointmentId: string;
    kind: NoticeKind;
    channel: 'sms' | 'email';
    dedupeKey: string;
    fallbackOf: string | null;
  },
): Promise<void> {
  await dbOf(tx)
    .insertInto('appointment_messages')
    .values({
      clinic_id: tx.clinicId,
      outbox_id: v.outboxId,
      appointment_id: v.appointmentId,
      kind: v.kind,
      channel: v.channel,
      dedupe_key: v.dedupeKey,
      created_at: tx.now,
      fallback_of: v.fallbackOf,
    })
    .execute();
}

const receipt = (status: 'delivered' | 'failed') =>
  sql<Date | null>`(select r.received_at from sms_receipts r where r.outbox_id = m.outbox_id and r.status = ${status})`;

/** The appointment's messages with the outbox's state and the provider's reports, oldest first. */
export async function listMessages(tx: ClinicTx, appointmentId: string) {
  return dbOf(tx)
    .selectFrom('appointment_messages as m')
    .innerJoin('outbox as o', 'o.id', 'm.outbox_id')
    .select([
      'm.outbox_id',
      'm.kind',
      'm.channel',
      'm.created_at',
      'm.fallback_of',
      'm.answer',
      'm.answered_at',
      'o.recipient',
      'o.sent_at',
      'o.failed_at',
      'o.last_error',
      'o.attempts',
    ])
    .select([receipt('delivered').as('delivered_at'), receipt('failed').as('reported_failed_at')])
    .where('m.clinic_id', '=', tx.clinicId)
    .where('m.appointment_id', '=', appointmentId)
    .orderBy('m.created_at')
    .orderBy('m.outbox_id')
    .execute();
}

/** Failed messages (by the outbox or the provider's report) nobody has dealt with yet, locked. */
export async function unhandledFailures(tx: ClinicTx, limit: number) {
  return dbOf(tx)
    .selectFrom('appointment_messages as m')
    .innerJoin('outbox as o', 'o.id', 'm.outbox_id')
    .select(['m.outbox_id', 'm.appointment_id', 'm.kind', 'm.channel', 'm.fallback_of'])
    .where('m.clinic_id', '=', tx.clinicId)
    .where('m.handled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('o.failed_at', 'is not', null),
        eb.exists(
          eb
            .selectFrom('sms_receipts as r')
            .select('r.outbox_id')
            .whereRef('r.outbox_id', '=', 'm.outbox_id')
            .where('r.status', '=', 'failed'),
        ),
      ]),
    )
    .orderBy('m.created_at')
    .limit(limit)
    .forUpdate('m')
    .skipLocked()
    .execute();
}

export async function markHandled(tx: ClinicTx, outboxId: string): Promise<void> {
  await dbOf(tx)
    .updateTable('appointment_messages')
    .set({ handled_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('outbox_id', '=', outboxId)
    .execute();
}

/** The patient's answer lands on the reminders that asked (those not answered yet). */
export async function markAnswered(
  tx: ClinicTx,
  appointmentId: string,
  answer: 'confirmed' | 'cancelled',
): Promise<void> {
  await dbOf(tx)
    .updateTable('appointment_messages')
    .set({ answer, answered_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('appointment_id', '=', appointmentId)
    .where('kind', '=', 'reminder')
    .where('answer', 'is', null)
    .execute();
}

// ---- the appointment's notice row ----

export async function setAttendanceConfirmed(tx: ClinicTx, appointmentId: string): Promise<boolean> {
  const r = await dbOf(tx)
    .updateTable('appointment_notices')
    .set({ attendance_confirmed_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('appointment_id', '=', appointmentId)
    .where('attendance_confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function flagCall(tx: ClinicTx, appointmentId: string): Promise<boolean> {
  const r = await dbOf(tx)
    .updateTable('appointment_notices')
    .set({ call_patient_at: tx.now, call_patient_cleared_at: null, call_patient_cleared_by: null })
    .where('clinic_id', '=', tx.clinicId)
    .where('appointment_id', '=', appointmentId)
    .where((eb) => eb.or([eb('call_patient_at', 'is', null), eb('call_patient_cleared_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function clearCall(tx: ClinicTx, appointmentId: string, by: string | null): Promise<boolean> {
  const r = await dbOf(tx)
    .updateTable('appointment_notices')
    .set({ call_patient_cleared_at: tx.now, call_patient_cleared_by: by })
    .where('clinic_id', '=', tx.clinicId)
    .where('appointment_id', '=', appointmentId)
    .where('call_patient_at', 'is not', null)
    .where('call_patient_cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Appointments flagged "call the patient" (not cleared) starting in [from, to), with the phone. */
export async function callList(tx: ClinicTx, from: Date, to: Date) {
  return dbOf(tx)
    .selectFrom('appointment_notices as n')
    .innerJoin('appointments as a', (j) =>
      j.onRef('a.clinic_id', '=', 'n.clinic_id').onRef('a.id', '=', 'n.appointment_id'),
    )
    .innerJoin('patients as p', (j) =>
      j.onRef('p.clinic_id', '=', 'a.clinic_id').onRef('p.id', '=', 'a.patient_id'),
    )
    .select([
      'a.id',
      'a.starts_at',
      'a.status',
      'a.doctor_id',
      'p.full_name',
      'p.phone',
      'n.call_patient_at',
      'n.attendance_confirmed_at',
    ])
    .where('n.clinic_id', '=', tx.clinicId)
    .where('n.call_patient_at', 'is not', null)
    .where('n.call_patient_cleared_at', 'is', null)
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .orderBy('a.starts_at')
    .execute();
}

// ---- delivery reports (platform-wide: the provider knows no clinic) ----

export async function smsOutboxRow(tx: BaseTx, outboxId: string) {
  return dbOf(tx)
    .selectFrom('outbox')
    .select(['id', 'channel'])
    .where('id', '=', outboxId)
    .executeTakeFirst();
}

/** Records a report; false when the same report came before (a replay). */
export async function insertReceipt(
  tx: BaseTx,
  v: { outboxId: string; status: 'delivered' | 'failed'; detail: string | null },
): Promise<boolean> {
  const r = await dbOf(tx)
    .insertInto('sms_receipts')
    .values({ outbox_id: v.outboxId, status: v.status, detail: v.detail, received_at: tx.now })
    .onConflict((oc) => oc.columns(['outbox_id', 'status']).doNothing())
    .returning('outbox_id')
    .executeTakeFirst();
  return r !== undefined;
}
