import { type Kysely, sql } from 'kysely';

/**
 * Appointments name the clinic's patient record (patients.id, migration 0008_patient_record_ids,
 * which sorts just before this one) instead of the person's global user id. Every row is kept:
 * its patient_id is rewritten to the record of the same person in the same clinic.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table appointments drop constraint appointments_clinic_id_patient_id_fkey`.execute(db);
  await rewritePatientIds(db, { from: 'user_id', to: 'id' });
  await sql`alter table appointments add constraint appointments_patient_record
    foreign key (clinic_id, patient_id) references patients (clinic_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table appointments drop constraint appointments_patient_record`.execute(db);
  await rewritePatientIds(db, { from: 'id', to: 'user_id' });
  await sql`alter table appointments add constraint appointments_clinic_id_patient_id_fkey
    foreign key (clinic_id, patient_id) references patients (clinic_id, user_id)`.execute(db);
}

/** Every appointment's patient_id, from the record's `from` column to its `to` column. */
async function rewritePatientIds(
  db: Kysely<unknown>,
  cols: { from: 'id' | 'user_id'; to: 'id' | 'user_id' },
): Promise<void> {
  // Forced row-level security applies to the owner too: lifted for the backfill only (in the
  // migration's transaction), so a migrator that is not a superuser sees every row.
  await sql`alter table appointments no force row level security`.execute(db);
  await sql`alter table patients no force row level security`.execute(db);
  await sql`update appointments a set patient_id = ${sql.ref(`p.${cols.to}`)}
    from patients p where p.clinic_id = a.clinic_id and ${sql.ref(`p.${cols.from}`)} = a.patient_id`.execute(
    db,
  );
  await sql`alter table patients force row level security`.execute(db);
  await sql`alter table appointments force row level security`.execute(db);
}
