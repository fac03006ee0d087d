import { type Kysely, sql } from 'kysely';
import { grantApp, tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * Self-service links, the messages sent about each appointment, what the patient answered and
 * the "call the patient" flag. Notices keep their own tables beside `appointments` (owned by
 * scheduling) so that module's migrations and this one never edit the same table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A link's token is shown once (in the message); only its SHA-256 is kept.
  await sql`create table visit_links (
      clinic_id uuid not null references clinics(id),
      id uuid not null,
      appointment_id uuid not null,
      token_hash bytea not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid references users(id),
      primary key (clinic_id, id),
      foreign key (clinic_id, appointment_id) references appointments(clinic_id, id)
    )`.execute(db);
  await sql`create unique index visit_links_token on visit_links (clinic_id, token_hash)`.execute(db);
  await sql`create index visit_links_appointment on visit_links (clinic_id, appointment_id)`.execute(db);
  await tenantTable(db, 'visit_links', 'select, insert, update');

  // Per appointment: the patient's language, their answer to a reminder, the call flag.
  await sql`create table appointment_notices (
      clinic_id uuid not null references clinics(id),
      appointment_id uuid not null,
      lang text not null check (lang in ('en', 'ar')),
      attendance_confirmed_at timestamptz,
      call_patient_at timestamptz,
      call_patient_cleared_at timestamptz,
      call_patient_cleared_by uuid references users(id),
      primary key (clinic_id, appointment_id),
      foreign key (clinic_id, appointment_id) references appointments(clinic_id, id)
    )`.execute(db);
  await sql`create index appointment_notices_call on appointment_notices (clinic_id, call_patient_at)
      where call_patient_at is not null and call_patient_cleared_at is null`.execute(db);
  await tenantTable(db, 'appointment_notices', 'select, insert, update');

  // Every message about an appointment, pointing at its outbox row (which says queued/sent/failed).
  await sql`create table appointment_messages (
      clinic_id uuid not null references clinics(id),
      outbox_id uuid not null references outbox(id),
      appointment_id uuid not null,
      kind text not null check (kind in ('requested', 'confirmed', 'declined', 'cancelled', 'rescheduled', 'reminder')),
      channel text not null check (channel in ('sms', 'email')),
      dedupe_key text not null,
      created_at timestamptz not null,
      fallback_of uuid,
      handled_at timestamptz,
      answer text check (answer in ('confirmed', 'cancelled')),
      answered_at timestamptz,
      primary key (clinic_id, outbox_id),
      foreign key (clinic_id, appointment_id) references appointments(clinic_id, id)
    )`.execute(db);
  await sql`create unique index appointment_messages_dedupe on appointment_messages (clinic_id, dedupe_key)`.execute(
    db,
  );
  await sql`create index appointment_messages_appointment on appointment_messages (clinic_id, appointment_id, created_at)`.execute(
    db,
  );
  await tenantTable(db, 'appointment_messages', 'select, insert, update');

  // Delivery reports from the SMS provider, keyed by the outbox id it was sent with. Platform-wide
  // (the provider knows no clinic); one row per (message, status), so a replayed report is a no-op.
  await sql`create table sms_receipts (
      outbox_id uuid not null references outbox(id),
      status text not null check (status in ('delivered', 'failed')),
      detail text check (length(detail) <= 500),
      received_at timestamptz not null,
      primary key (outbox_id, status)
    )`.execute(db);
  await grantApp(db, 'sms_receipts', 'select, insert');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sms_receipts', 'appointment_messages', 'appointment_notices', 'visit_links']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
