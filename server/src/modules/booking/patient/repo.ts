import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { PatientsTables } from '../../patients/index.ts';

const dbOf = tablesOf<PatientsTables>();

/** This clinic's record of the signed-in person, if they have one. */
export async function patientRecordOf(tx: ClinicTx, userId: string): Promise<string | undefined> {
  const r = await dbOf(tx)
    .selectFrom('patients')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.id;
}
