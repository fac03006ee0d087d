import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { SchedulingTables } from '../tables.ts';
import type { PutSchedulingSettings, SchedulingSettings } from './schema.ts';

const dbOf = tablesOf<SchedulingTables>();

/** What a clinic that never changed its scheduling settings has. */
export const DEFAULT_SCHEDULING_SETTINGS = { slotGridMin: 15, offGridStarts: false } as const;

export async function readSettings(tx: ClinicTx): Promise<SchedulingSettings> {
  const row = await dbOf(tx)
    .selectFrom('clinic_scheduling_settings')
    .select(['slot_grid_min', 'off_grid_starts', 'updated_at'])
    .where('clinic_id', '=', tx.clinicId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_SCHEDULING_SETTINGS, updatedAt: null };
  return {
    slotGridMin: row.slot_grid_min as SchedulingSettings['slotGridMin'],
    offGridStarts: row.off_grid_starts,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function writeSettings(
  tx: ClinicTx,
  v: PutSchedulingSettings,
  by: string | null,
): Promise<void> {
  const values = {
    slot_grid_min: v.slotGridMin,
    off_grid_starts: v.offGridStarts,
    updated_at: tx.now,
    updated_by: by,
  };
  await dbOf(tx)
    .insertInto('clinic_scheduling_settings')
    .values({ clinic_id: tx.clinicId, ...values })
    .onConflict((c) => c.column('clinic_id').doUpdateSet(values))
    .execute();
}
