import { type Kysely, sql } from 'kysely';

/**
 * An invitation to a doctor may carry the set-up the clinic prepared (profile, services, weekly
 * hours): the doctor's records can only exist once the person accepts, so the plan waits on the
 * invitation and is applied in the accepting transaction. The app role's table-wide grants on
 * `invitations` cover the new column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invitations add column doctor_setup jsonb`.execute(db);
  await sql`alter table invitations add constraint invitations_doctor_setup_for_doctors
    check (doctor_setup is null or role = 'doctor')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invitations drop column doctor_setup`.execute(db);
}
