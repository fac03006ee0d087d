import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/**
 * A clinic's scheduling settings: the grid suggested start times sit on (every 15 minutes unless
 * the clinic chooses otherwise) and whether starts off that grid at the edges of free time
 * (2:05 PM, right after a visit that ends then) are offered too. A clinic without a row has the
 * defaults: a quarter-hour grid, no off-grid starts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table clinic_scheduling_settings (
      clinic_id uuid not null references clinics(id),
      slot_grid_min int not null default 15 check (slot_grid_min in (5, 10, 15, 20, 30, 60)),
      off_grid_starts boolean not null default false,
      updated_at timestamptz not null,
      updated_by uuid references users(id),
      primary key (clinic_id)
    )`.execute(db);
  await tenantTable(db, 'clinic_scheduling_settings', 'select, insert, update');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table clinic_scheduling_settings`.execute(db);
}
