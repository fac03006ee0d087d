import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { SchedulingTables } from '../tables.ts';

const dbOf = tablesOf<SchedulingTables>();

export async function feedOf(tx: ClinicTx, doctorId: string) {
  return dbOf(tx)
    .selectFrom('calendar_feeds')
    .select(['created_at'])
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .executeTakeFirst();
}

export async function putFeed(tx: ClinicTx, doctorId: string, tokenHash: Buffer): Promise<void> {
  const v = { token_hash: tokenHash, created_at: tx.now, created_by: tx.actor.userId };
  await dbOf(tx)
    .insertInto('calendar_feeds')
    .values({ clinic_id: tx.clinicId, doctor_id: doctorId, ...v })
    .onConflict((oc) => oc.columns(['clinic_id', 'doctor_id']).doUpdateSet(v))
    .execute();
}

export async function deleteFeed(tx: ClinicTx, doctorId: string): Promise<boolean> {
  const res = await dbOf(tx)
    .deleteFrom('calendar_feeds')
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', '=', doctorId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function feedDoctorByHash(tx: ClinicTx, tokenHash: Buffer): Promise<string | undefined> {
  const row = await dbOf(tx)
    .selectFrom('calendar_feeds')
    .select('doctor_id')
    .where('clinic_id', '=', tx.clinicId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row?.doctor_id;
}
