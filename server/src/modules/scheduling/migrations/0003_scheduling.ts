import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * Scheduling: doctors' profiles, services, rooms, work hours and exceptions, appointments, and
 * calendar feeds. No double booking is the database's job: exclusion constraints (btree_gist)
 * over each doctor's and each room's blocked time (the appointment widened by its buffers) for
 * every state that holds time.
 */
const BLOCKING = sql.raw(`status in ('pending', 'confirmed', 'checked_in', 'in_progress', 'completed')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  // Trusted since PostgreSQL 13 (a database owner may create it); PGlite loads it at open.
  await sql`create extension if not exists btree_gist`.execute(db);

  // A doctor is a member with role doctor; this is their public face in the clinic.
  await sql`create table doctor_profiles (
      clinic_id uuid not null,
      user_id uuid not null,
      role text not null default 'doctor' check (role = 'doctor'),
      specialty text check (length(specialty) <= 200),
      bio text check (length(bio) <= 4000),
      photo_url text check (length(photo_url) <= 2000),
      languages text[] not null default '{}',
      color text check (color ~ '^#[0-9a-f]{6}$'),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (clinic_id, user_id),
      foreign key (clinic_id, user_id, role) references memberships (clinic_id, user_id, role)
    )`.execute(db);
  await tenantTable(db, 'doctor_profiles', 'select, insert, update');

  await sql`create table rooms (
      clinic_id uuid not null references clinics(id),
      id uuid not null,
      name text not null check (length(name) between 1 and 100),
      active boolean not null default true,
      created_at timestamptz not null,
      primary key (clinic_id, id)
    )`.execute(db);
  await sql`create unique index rooms_name on rooms (clinic_id, lower(name))`.execute(db);
  await tenantTable(db, 'rooms', 'select, insert, update');

  await sql`create table services (
      clinic_id uuid not null references clinics(id),
      id uuid not null,
      name text not null check (length(name) between 1 and 200),
      duration_min int not null check (duration_min between 5 and 720),
      price_minor bigint not null check (price_minor >= 0),
      mode text not null check (mode in ('in_person', 'online')),
      buffer_before_min int not null default 0 check (buffer_before_min between 0 and 240),
      buffer_after_min int not null default 0 check (buffer_after_min between 0 and 240),
      color text check (color ~ '^#[0-9a-f]{6}$'),
      requires_room boolean not null default false,
      active boolean not null default true,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (clinic_id, id),
      check (not (requires_room and mode = 'online'))
    )`.execute(db);
  await tenantTable(db, 'services', 'select, insert, update');

  await sql`create table doctor_services (
      clinic_id uuid not null,
      doctor_id uuid not null,
      service_id uuid not null,
      duration_min int check (duration_min between 5 and 720),
      price_minor bigint check (price_minor >= 0),
      primary key (clinic_id, doctor_id, service_id),
      foreign key (clinic_id, doctor_id) references doctor_profiles (clinic_id, user_id),
      foreign key (clinic_id, service_id) references services (clinic_id, id)
    )`.execute(db);
  await sql`create index doctor_services_service on doctor_services (clinic_id, service_id)`.execute(db);
  await tenantTable(db, 'doctor_services');

  await sql`create table work_rules (
      clinic_id uuid not null,
      id uuid not null,
      doctor_id uuid not null,
      weekday smallint not null check (weekday between 1 and 7),
      start_min int not null check (start_min between 0 and 1439),
      end_min int not null check (end_min between 1 and 1440),
      mode text not null check (mode in ('in_person', 'online')),
      room_id uuid,
      primary key (clinic_id, id),
      check (start_min < end_min),
      foreign key (clinic_id, doctor_id) references doctor_profiles (clinic_id, user_id),
      foreign key (clinic_id, room_id) references rooms (clinic_id, id)
    )`.execute(db);
  await sql`create index work_rules_doctor on work_rules (clinic_id, doctor_id, weekday)`.execute(db);
  await tenantTable(db, 'work_rules');

  await sql`create table schedule_exceptions (
      clinic_id uuid not null references clinics(id),
      id uuid not null,
      doctor_id uuid,
      kind text not null check (kind in ('time_off', 'closure', 'extra')),
      from_date date not null,
      to_date date not null,
      start_min int check (start_min between 0 and 1439),
      end_min int check (end_min between 1 and 1440),
      mode text check (mode in ('in_person', 'online')),
      room_id uuid,
      note text check (length(note) <= 500),
      created_at timestamptz not null,
      created_by uuid references users(id),
      primary key (clinic_id, id),
      check (from_date <= to_date and to_date - from_date <= 366),
      check ((start_min is null) = (end_min is null) and (start_min is null or start_min < end_min)),
      check ((kind = 'closure') = (doctor_id is null)),
      check (kind <> 'extra' or (start_min is not null and mode is not null)),
      foreign key (clinic_id, doctor_id) references doctor_profiles (clinic_id, user_id),
      foreign key (clinic_id, room_id) references rooms (clinic_id, id)
    )`.execute(db);
  await sql`create index schedule_exceptions_dates on schedule_exceptions (clinic_id, to_date, from_date)`.execute(
    db,
  );
  await tenantTable(db, 'schedule_exceptions', 'select, insert, delete');

  await sql`create table appointments (
      clinic_id uuid not null,
      id uuid not null,
      doctor_id uuid not null,
      patient_id uuid not null,
      service_id uuid not null,
      room_id uuid,
      series_id uuid,
      mode text not null check (mode in ('in_person', 'online')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      blocked_from timestamptz not null,
      blocked_until timestamptz not null,
      status text not null check (status in
        ('pending', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show', 'expired')),
      hold_expires_at timestamptz,
      price_minor bigint not null check (price_minor >= 0),
      currency char(3) not null,
      notes text check (length(notes) <= 2000),
      cancel_reason text check (length(cancel_reason) <= 500),
      version int not null default 1,
      created_at timestamptz not null,
      created_by uuid references users(id),
      updated_at timestamptz not null,
      primary key (clinic_id, id),
      check (starts_at < ends_at and blocked_from <= starts_at and ends_at <= blocked_until),
      check (status <> 'pending' or hold_expires_at is not null),
      foreign key (clinic_id, doctor_id) references doctor_profiles (clinic_id, user_id),
      foreign key (clinic_id, patient_id) references patients (clinic_id, user_id),
      foreign key (clinic_id, service_id) references services (clinic_id, id),
      foreign key (clinic_id, room_id) references rooms (clinic_id, id),
      constraint appointments_doctor_no_overlap exclude using gist
        (clinic_id with =, doctor_id with =, tstzrange(blocked_from, blocked_until) with &&)
        where (${BLOCKING}),
      constraint appointments_room_no_overlap exclude using gist
        (clinic_id with =, room_id with =, tstzrange(blocked_from, blocked_until) with &&)
        where (room_id is not null and ${BLOCKING})
    )`.execute(db);
  await sql`create index appointments_doctor_time on appointments (clinic_id, doctor_id, starts_at)`.execute(
    db,
  );
  await sql`create index appointments_patient_time on appointments (clinic_id, patient_id, starts_at)`.execute(
    db,
  );
  await sql`create index appointments_time on appointments (clinic_id, starts_at)`.execute(db);
  await sql`create index appointments_holds on appointments (clinic_id, hold_expires_at) where status = 'pending'`.execute(
    db,
  );
  await sql`create index appointments_series on appointments (clinic_id, series_id) where series_id is not null`.execute(
    db,
  );
  await tenantTable(db, 'appointments', 'select, insert, update');

  // One feed per doctor; only a hash of its token is kept. Rotating replaces the hash.
  await sql`create table calendar_feeds (
      clinic_id uuid not null,
      doctor_id uuid not null,
      token_hash bytea not null,
      created_at timestamptz not null,
      created_by uuid references users(id),
      primary key (clinic_id, doctor_id),
      unique (clinic_id, token_hash),
      foreign key (clinic_id, doctor_id) references doctor_profiles (clinic_id, user_id)
    )`.execute(db);
  await tenantTable(db, 'calendar_feeds', 'select, insert, update, delete');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'calendar_feeds',
    'appointments',
    'schedule_exceptions',
    'work_rules',
    'doctor_services',
    'services',
    'rooms',
    'doctor_profiles',
  ]) {
    await sql`drop table ${sql.table(t)}`.execute(db);
  }
}
