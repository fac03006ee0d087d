import { type Kysely, sql } from 'kysely';

/** The role tenant queries run as. Created by migration 0001; never a superuser, never BYPASSRLS. */
export const APP_ROLE = 'cliniclick_app';

/**
 * Makes `table` a tenant table: RLS enabled and forced, one policy that shows and accepts only
 * the rows of the clinic set by `withClinic`, and the app role's privileges.
 * Every table with a `clinic_id` column must be created through this (a catalog test checks).
 */
export async function tenantTable(
  db: Kysely<unknown>,
  table: string,
  privileges: string = 'select, insert, update, delete',
): Promise<void> {
  const t = sql.table(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`alter table ${t} force row level security`.execute(db);
  await sql`create policy tenant_isolation on ${t}
    using (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
    with check (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)`.execute(db);
  await grantApp(db, table, privileges);
}

export async function grantApp(db: Kysely<unknown>, table: string, privileges: string): Promise<void> {
  await sql`grant ${sql.raw(privileges)} on ${sql.table(table)} to ${sql.id(APP_ROLE)}`.execute(db);
}
