import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * The live queue (issue 13): one entry per appointment that arrived, per clinic-local day, with a
 * ticket number, a state and an order among the waiting; and the waiting-room displays.
 *
 * Races the database settles: a ticket number is given once per clinic and day, an appointment
 * joins once, two waiting entries of a doctor never share a rank (moves renumber), a doctor has at
 * most one called entry (call-next pressed twice calls one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table queue_entries (
    clinic_id uuid not null references clinics(id),
    id uuid not null,
    day date not null,
    ticket integer not null check (ticket > 0),
    appointment_id uuid not null,
    doctor_id uuid not null,
    patient_id uuid not null,
    service_id uuid not null,
    state text not null default 'waiting'
      check (state in ('waiting', 'called', 'in_consultation', 'done', 'checked_out', 'left')),
    rank integer not null,
    urgent boolean not null default false,
    source text not null check (source in ('desk', 'self', 'walk_in', 'calendar')),
    arrived_at timestamptz not null,
    called_at timestamptz,
    started_at timestamptz,
    finished_at timestamptz,
    checked_out_at timestamptz,
    left_at timestamptz,
    first_estimate_at timestamptz,
    ticket_token_hash bytea not null,
    next_sms_sent_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (clinic_id, id),
    unique (clinic_id, appointment_id),
    unique (clinic_id, day, ticket),
    unique (clinic_id, ticket_token_hash),
    foreign key (clinic_id, appointment_id) references appointments (clinic_id, id),
    foreign key (clinic_id, patient_id) references patients (clinic_id, id),
    foreign key (clinic_id, doctor_id) references doctor_profiles (clinic_id, user_id),
    foreign key (clinic_id, service_id) references services (clinic_id, id)
  )`.execute(db);
  await sql`create unique index queue_entries_waiting_rank on queue_entries
    (clinic_id, day, doctor_id, rank) where state = 'waiting'`.execute(db);
  await sql`create unique index queue_entries_one_called on queue_entries
    (clinic_id, day, doctor_id) where state = 'called'`.execute(db);
  await sql`create index queue_entries_day on queue_entries (clinic_id, day, doctor_id, state)`.execute(db);
  await sql`create index queue_entries_durations on queue_entries (clinic_id, doctor_id, finished_at)
    where started_at is not null and finished_at is not null`.execute(db);
  await tenantTable(db, 'queue_entries', 'select, insert, update');

  await sql`create table queue_displays (
    clinic_id uuid not null references clinics(id),
    id uuid not null,
    name text not null check (length(name) between 1 and 100),
    token_hash bytea not null,
    chime boolean not null default true,
    created_at timestamptz not null default now(),
    created_by uuid references users(id),
    revoked_at timestamptz,
    primary key (clinic_id, id),
    unique (clinic_id, token_hash)
  )`.execute(db);
  await tenantTable(db, 'queue_displays', 'select, insert, update');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table queue_displays`.execute(db);
  await sql`drop table queue_entries`.execute(db);
}
