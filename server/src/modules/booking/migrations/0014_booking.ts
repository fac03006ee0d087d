import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * Online booking (issue 12). `booking_settings`: one row per clinic that changed the defaults
 * (hold 10 minutes, approval within 24 hours, cancellation up to 24 hours before, reminders a day
 * and two hours before, waitlist offers to one person for 15 minutes). `booking_services`: which
 * services need the clinic's approval when booked online. `booking_holds`: the secret and the
 * SMS code of each site hold — only hashes, the code bound to its hold, with an attempt count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table booking_settings (
      clinic_id uuid not null references clinics(id),
      hold_minutes int not null default 10 check (hold_minutes between 2 and 60),
      approval_hours int not null default 24 check (approval_hours between 1 and 168),
      cancellation_window_hours int not null default 24 check (cancellation_window_hours between 0 and 168),
      reminder_offsets_min int[] not null default '{1440,120}'
        check (cardinality(reminder_offsets_min) <= 5),
      waitlist_offer_mode text not null default 'one' check (waitlist_offer_mode in ('one', 'all')),
      waitlist_offer_minutes int not null default 15 check (waitlist_offer_minutes between 5 and 1440),
      min_notice_minutes int not null default 60 check (min_notice_minutes between 0 and 10080),
      horizon_days int not null default 60 check (horizon_days between 1 and 183),
      updated_at timestamptz not null,
      updated_by uuid references users(id),
      primary key (clinic_id)
    )`.execute(db);
  await tenantTable(db, 'booking_settings', 'select, insert, update');

  await sql`create table booking_services (
      clinic_id uuid not null,
      service_id uuid not null,
      requires_approval boolean not null default false,
      updated_at timestamptz not null,
      primary key (clinic_id, service_id),
      foreign key (clinic_id, service_id) references services (clinic_id, id)
    )`.execute(db);
  await tenantTable(db, 'booking_services', 'select, insert, update');

  await sql`create table booking_holds (
      clinic_id uuid not null,
      appointment_id uuid not null,
      secret_hash bytea not null,
      ip text,
      full_name text check (length(full_name) <= 200),
      phone text check (length(phone) <= 20),
      email text check (length(email) <= 320),
      language text not null default 'en' check (language in ('en', 'ar')),
      code_hash bytea,
      code_sent_at timestamptz,
      code_expires_at timestamptz,
      codes_sent int not null default 0,
      attempts int not null default 0,
      verified_at timestamptz,
      created_at timestamptz not null,
      primary key (clinic_id, appointment_id),
      foreign key (clinic_id, appointment_id) references appointments (clinic_id, id)
    )`.execute(db);
  // The open-holds limits count a phone's and an address's recent holds.
  await sql`create index booking_holds_phone on booking_holds (clinic_id, phone, created_at)
      where phone is not null`.execute(db);
  await sql`create index booking_holds_ip on booking_holds (clinic_id, ip, created_at)`.execute(db);
  await tenantTable(db, 'booking_holds', 'select, insert, update');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table booking_holds`.execute(db);
  await sql`drop table booking_services`.execute(db);
  await sql`drop table booking_settings`.execute(db);
}
