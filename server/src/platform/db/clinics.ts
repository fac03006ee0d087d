import type { Database } from './database.ts';
import { systemActor } from './database.ts';
import { withGlobal } from './tenancy.ts';

/** Tenants as the platform knows them: what modules may ask about any clinic without entering it. */

export interface ClinicHeader {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  timeZone: string;
  currency: string;
}

/** The clinic's name, state, zone and currency, or undefined when there is no such clinic. */
export async function clinicHeader(db: Database, clinicId: string): Promise<ClinicHeader | undefined> {
  const row = await withGlobal(db, systemActor, (tx) =>
    tx.db
      .selectFrom('clinics')
      .select(['id', 'name', 'status', 'time_zone', 'currency'])
      .where('id', '=', clinicId)
      .executeTakeFirst(),
  );
  return (
    row && { id: row.id, name: row.name, status: row.status, timeZone: row.time_zone, currency: row.currency }
  );
}

/** The ids of every clinic that is not suspended (for work that visits each tenant in turn). */
export async function activeClinicIds(db: Database): Promise<string[]> {
  const rows = await withGlobal(db, systemActor, (tx) =>
    tx.db.selectFrom('clinics').select('id').where('status', '=', 'active').orderBy('id').execute(),
  );
  return rows.map((r) => r.id);
}
