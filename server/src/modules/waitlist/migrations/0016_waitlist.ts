import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * The waitlist: patients' wishes for a time (a doctor and/or a service, a date range, parts of the
 * day) and the offers made to them when a time frees. An offer's token is stored hashed; the
 * unique (wish, doctor, start) key makes a retried reaction offer a time to a wish only once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table waitlist_wishes (
    clinic_id uuid not null references clinics(id),
    id uuid not null,
    patient_id uuid not null,
    doctor_id uuid,
    service_id uuid,
    from_date date not null,
    to_date date not null,
    parts text[] not null default '{}'
      check (parts <@ array['morning', 'afternoon', 'evening']::text[]),
    priority smallint not null default 0 check (priority between 0 and 2),
    status text not null default 'waiting'
      check (status in ('waiting', 'offered', 'booked', 'withdrawn', 'expired')),
    source text not null default 'staff' check (source in ('staff', 'site', 'patient')),
    note text check (note is null or length(note) <= 500),
    appointment_id uuid,
    created_at timestamptz not null default now(),
    created_by uuid references users(id),
    updated_at timestamptz not null default now(),
    primary key (clinic_id, id),
    check (doctor_id is not null or service_id is not null),
    check (from_date <= to_date),
    foreign key (clinic_id, patient_id) references patients (clinic_id, id),
    foreign key (clinic_id, doctor_id) references doctor_profiles (clinic_id, user_id),
    foreign key (clinic_id, service_id) references services (clinic_id, id)
  )`.execute(db);
  await sql`create index waitlist_wishes_queue on waitlist_wishes
    (clinic_id, status, priority desc, created_at)`.execute(db);
  await tenantTable(db, 'waitlist_wishes', 'select, insert, update');

  await sql`create table waitlist_offers (
    clinic_id uuid not null references clinics(id),
    id uuid not null,
    wish_id uuid not null,
    doctor_id uuid not null,
    service_id uuid not null,
    starts_at timestamptz not null,
    slot_ends_at timestamptz not null,
    mode text not null check (mode in ('one', 'all')),
    hold_id uuid,
    token_hash bytea not null,
    status text not null default 'open'
      check (status in ('open', 'claimed', 'declined', 'lapsed', 'gone')),
    expires_at timestamptz not null,
    appointment_id uuid,
    created_at timestamptz not null default now(),
    answered_at timestamptz,
    primary key (clinic_id, id),
    unique (clinic_id, wish_id, doctor_id, starts_at),
    unique (clinic_id, token_hash),
    foreign key (clinic_id, wish_id) references waitlist_wishes (clinic_id, id)
  )`.execute(db);
  await sql`create index waitlist_offers_open on waitlist_offers (clinic_id, status, expires_at)`.execute(db);
  await sql`create index waitlist_offers_hold on waitlist_offers (clinic_id, hold_id)`.execute(db);
  await tenantTable(db, 'waitlist_offers', 'select, insert, update');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table waitlist_offers`.execute(db);
  await sql`drop table waitlist_wishes`.execute(db);
}
