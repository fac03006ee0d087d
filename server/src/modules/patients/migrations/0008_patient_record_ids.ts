import { type Kysely, sql } from 'kysely';

/**
 * Each clinic's record of a patient gets an id of its own. Until now the API named a patient by
 * their global user id, so a clinic registering a phone that another clinic had learnt that
 * clinic's id for the person (a UUIDv7: also when the person was first registered anywhere).
 * The user id stays on the row, internal: it ties the record to the phone the patient signs in
 * with, in every clinic. Existing records get a UUIDv7 made from their own `created_at` (this
 * clinic's registration time), as new ones do. Appointments are repointed by the scheduling
 * module's migration that follows (0008_patient_record_ids_in_appointments).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table patients add column id uuid`.execute(db);
  // Row-level security is forced even for the table's owner: lift it for this one backfill
  // (in the migration's transaction), so a migrator that is not a superuser sees every row.
  await sql`alter table patients no force row level security`.execute(db);
  await sql`update patients set id = encode(
      set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch from created_at) * 1000)::bigint) from 3)
        from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
    where id is null`.execute(db);
  await sql`alter table patients force row level security`.execute(db);
  await sql`alter table patients alter column id set not null`.execute(db);
  await sql`alter table patients add constraint patients_record_id unique (clinic_id, id)`.execute(db);
  // Pages of the patient list are keyed by (name, record id) now.
  await sql`drop index patients_name`.execute(db);
  await sql`create index patients_name on patients (clinic_id, lower(full_name), id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index patients_name`.execute(db);
  await sql`create index patients_name on patients (clinic_id, lower(full_name), user_id)`.execute(db);
  await sql`alter table patients drop constraint patients_record_id`.execute(db);
  await sql`alter table patients drop column id`.execute(db);
}
