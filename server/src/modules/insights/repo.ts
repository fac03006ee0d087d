import { sql } from 'kysely';
import { tablesOf } from '../../platform/db/tables.ts';
import type { ClinicTx } from '../../platform/db/tenancy.ts';
import type { NoticesTables } from '../notices/index.ts';
import type { PatientsTables } from '../patients/index.ts';
import type { SchedulingTables } from '../scheduling/index.ts';
import type { Visit } from './attendance.ts';

/** Read-only SQL over scheduling's appointments and the audit trail, for the owner's figures. */

const dbOf = tablesOf<SchedulingTables & PatientsTables & NoticesTables>();

/**
 * Whether the clinic records patients' confirmations: it has sent a reminder (whose visit page
 * asks "I will come"). Until then the figures say "not recorded" instead of inventing a rate.
 */
export async function confirmationsRecorded(tx: ClinicTx): Promise<boolean> {
  const r = await dbOf(tx)
    .selectFrom('appointment_messages')
    .select('appointment_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('kind', '=', 'reminder')
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

interface Row {
  doctor_id: string;
  doctor_name: string;
  status: string;
  starts_at: Date;
  created_at: Date;
  cancel_actor_kind: string | null;
  cancel_actor_user: string | null;
  cancel_from: string | null;
  patient_user: string;
  confirmed_at: Date | null;
}

/** Appointments starting in [from, to) with who cancelled them (from the audit trail). */
export async function visitsBetween(
  tx: ClinicTx,
  q: { from: Date; to: Date; doctorId?: string | undefined; withConfirmations: boolean },
): Promise<Visit[]> {
  const confirmed = q.withConfirmations ? sql`n.attendance_confirmed_at` : sql`null::timestamptz`;
  const doctor = q.doctorId ? sql`and a.doctor_id = ${q.doctorId}` : sql``;
  const r = await sql<Row>`select a.doctor_id, u.name as doctor_name, a.status, a.starts_at, a.created_at,
      c.actor_kind as cancel_actor_kind, c.actor_user_id as cancel_actor_user, c.from_status as cancel_from,
      p.user_id as patient_user, ${confirmed} as confirmed_at
    from appointments a
    join users u on u.id = a.doctor_id
    join patients p on p.clinic_id = a.clinic_id and p.id = a.patient_id
    left join appointment_notices n on n.clinic_id = a.clinic_id and n.appointment_id = a.id
    left join lateral (
      select e.actor_kind, e.actor_user_id, e.data->>'from' as from_status from audit_events e
      where e.clinic_id = a.clinic_id and e.entity_type = 'appointment' and e.entity_id = a.id::text
        and e.action = 'appointment.cancelled'
      order by e.seq desc limit 1
    ) c on a.status = 'cancelled'
    where a.clinic_id = ${tx.clinicId} and a.starts_at >= ${q.from} and a.starts_at < ${q.to}
      and a.status <> 'expired' ${doctor}
    order by a.starts_at
    limit 100000`.execute(dbOf(tx));
  return r.rows.map((row) => ({
    doctorId: row.doctor_id,
    doctorName: row.doctor_name,
    status: row.status,
    startsAt: new Date(row.starts_at),
    createdAt: new Date(row.created_at),
    cancelledBy:
      row.status !== 'cancelled' || row.cancel_actor_kind === null
        ? null
        : row.cancel_actor_kind === 'public' || row.cancel_actor_user === row.patient_user
          ? 'patient'
          : 'clinic',
    cancelledFromHold: row.cancel_from === 'pending',
    confirmedAt: row.confirmed_at ? new Date(row.confirmed_at) : null,
  }));
}

export async function clinicZone(tx: ClinicTx): Promise<string> {
  const r = await dbOf(tx)
    .selectFrom('clinics')
    .select('time_zone')
    .where('id', '=', tx.clinicId)
    .executeTakeFirstOrThrow();
  return r.time_zone;
}

export async function isDoctor(tx: ClinicTx, doctorId: string): Promise<boolean> {
  const r = await dbOf(tx)
    .selectFrom('doctor_profiles')
    .select('user_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('user_id', '=', doctorId)
    .executeTakeFirst();
  return r !== undefined;
}
