import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * A clinic's record of a patient. The person is a global user (one phone, many clinics);
 * this row is what one clinic knows about them, and is tenant data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table patients (
      clinic_id uuid not null references clinics(id),
      user_id uuid not null references users(id),
      full_name text not null check (length(full_name) between 1 and 200),
      phone text,
      email text check (length(email) <= 320),
      birth_date date,
      sex text check (sex in ('female', 'male', 'other', 'unknown')),
      notes text check (length(notes) <= 2000),
      created_at timestamptz not null,
      created_by uuid references users(id),
      updated_at timestamptz not null,
      primary key (clinic_id, user_id)
    )`.execute(db);
  await sql`create index patients_name on patients (clinic_id, lower(full_name), user_id)`.execute(db);
  await sql`create index patients_phone on patients (clinic_id, phone)`.execute(db);
  await tenantTable(db, 'patients', 'select, insert, update');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table patients`.execute(db);
}
