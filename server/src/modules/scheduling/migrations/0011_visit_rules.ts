import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * The clinic's visit rules (one row per clinic, absent = the defaults) and an optional Arabic name
 * for each service. `start_before_check_in` lets a doctor start a visit the front desk has not
 * checked in yet; off by default, so the visit's steps follow the patient's arrival.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table visit_rules (
    clinic_id uuid primary key references clinics(id),
    start_before_check_in boolean not null default false,
    updated_at timestamptz not null default now(),
    updated_by uuid
  )`.execute(db);
  await tenantTable(db, 'visit_rules', 'select, insert, update');
  await sql`alter table services add column name_ar text
    check (name_ar is null or length(name_ar) between 1 and 200)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table services drop column name_ar`.execute(db);
  await sql`drop table visit_rules`.execute(db);
}
