import { type Kysely, sql } from 'kysely';

/**
 * Online booking (issue 12): the status `requested` — a verified booking awaiting the clinic's
 * approval, holding its time until the deadline kept in `hold_expires_at` — and where an
 * appointment came from (`source`: staff in the panel, the public site, a signed-in patient).
 * The status check and both exclusion constraints list the states, so they are redefined.
 */
const BLOCKING = sql.raw(
  `status in ('pending', 'requested', 'confirmed', 'checked_in', 'in_progress', 'completed')`,
);
const OLD_BLOCKING = sql.raw(`status in ('pending', 'confirmed', 'checked_in', 'in_progress', 'completed')`);

async function exclusions(db: Kysely<unknown>, blocking: typeof BLOCKING): Promise<void> {
  await sql`alter table appointments
      drop constraint appointments_doctor_no_overlap,
      drop constraint appointments_room_no_overlap`.execute(db);
  await sql`alter table appointments
      add constraint appointments_doctor_no_overlap exclude using gist
        (clinic_id with =, doctor_id with =, tstzrange(blocked_from, blocked_until) with &&)
        where (${blocking}),
      add constraint appointments_room_no_overlap exclude using gist
        (clinic_id with =, room_id with =, tstzrange(blocked_from, blocked_until) with &&)
        where (room_id is not null and ${blocking})`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table appointments drop constraint appointments_status_check`.execute(db);
  await sql`alter table appointments add constraint appointments_status_check check (status in
      ('pending', 'requested', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled',
       'no_show', 'expired'))`.execute(db);
  await sql`alter table appointments add constraint appointments_requested_deadline
      check (status <> 'requested' or hold_expires_at is not null)`.execute(db);
  await exclusions(db, BLOCKING);
  await sql`alter table appointments add column source text not null default 'staff'
      check (source in ('staff', 'site', 'patient'))`.execute(db);
  // A site hold takes the time before its visitor gives a name and phone: no patient until then.
  await sql`alter table appointments alter column patient_id drop not null`.execute(db);
  await sql`alter table appointments add constraint appointments_patient_known
      check (patient_id is not null or status in ('pending', 'expired', 'cancelled'))`.execute(db);
  // The approvals inbox and the lapse sweep look for requests.
  await sql`create index appointments_requested on appointments (clinic_id, hold_expires_at)
      where status = 'requested'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index appointments_requested`.execute(db);
  await sql`delete from appointments where patient_id is null`.execute(db);
  await sql`alter table appointments drop constraint appointments_patient_known`.execute(db);
  await sql`alter table appointments alter column patient_id set not null`.execute(db);
  await sql`alter table appointments drop column source`.execute(db);
  await exclusions(db, OLD_BLOCKING);
  await sql`alter table appointments drop constraint appointments_requested_deadline`.execute(db);
  await sql`alter table appointments drop constraint appointments_status_check`.execute(db);
  await sql`alter table appointments add constraint appointments_status_check check (status in
      ('pending', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show',
       'expired'))`.execute(db);
}
