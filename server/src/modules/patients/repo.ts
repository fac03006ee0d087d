import { newId } from '../../platform/db/ids.ts';
import { tablesOf } from '../../platform/db/tables.ts';
import type { ClinicTx } from '../../platform/db/tenancy.ts';
import type { Patient } from './schema.ts';
import type { PatientsTables } from './tables.ts';

const dbOf = tablesOf<PatientsTables>();

const columns = [
  'id',
  'full_name',
  'phone',
  'email',
  'birth_date',
  'sex',
  'notes',
  'created_at',
  'updated_at',
] as const;

type Row = {
  id: string;
  full_name: string;
  phone: string | null;
  email: string | null;
  birth_date: string | null;
  sex: Patient['sex'];
  notes: string | null;
  created_at: Date;
  updated_at: Date;
};

function toPatient(r: Row): Patient {
  return {
    id: r.id,
    fullName: r.full_name,
    phone: r.phone,
    email: r.email,
    birthDate: r.birth_date,
    sex: r.sex,
    notes: r.notes,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The clinic's record by its own id, or by the person (user) it is about. */
export async function findPatient(
  tx: ClinicTx,
  by: { id: string } | { userId: string },
): Promise<Patient | undefined> {
  const row = await dbOf(tx)
    .selectFrom('patients')
    .select(columns)
    .where('clinic_id', '=', tx.clinicId)
    .where((eb) => ('id' in by ? eb('id', '=', by.id) : eb('user_id', '=', by.userId)))
    .executeTakeFirst();
  return row ? toPatient(row) : undefined;
}

/**
 * Inserts the record under a new id of this clinic's own (a UUIDv7 of now: it tells only when
 * this clinic registered the patient); undefined when this clinic already has one for that person.
 */
export async function insertPatient(
  tx: ClinicTx,
  p: Omit<Patient, 'id' | 'createdAt' | 'updatedAt'> & { userId: string },
): Promise<Patient | undefined> {
  const row = await dbOf(tx)
    .insertInto('patients')
    .values({
      clinic_id: tx.clinicId,
      id: newId(tx.now.getTime()),
      user_id: p.userId,
      full_name: p.fullName,
      phone: p.phone,
      email: p.email,
      birth_date: p.birthDate,
      sex: p.sex,
      notes: p.notes,
      created_at: tx.now,
      created_by: tx.actor.userId,
      updated_at: tx.now,
    })
    .onConflict((oc) => oc.columns(['clinic_id', 'user_id']).doNothing())
    .returning(columns)
    .executeTakeFirst();
  return row ? toPatient(row) : undefined;
}

export async function updatePatient(
  tx: ClinicTx,
  id: string,
  changes: Partial<Pick<Row, 'full_name' | 'email' | 'birth_date' | 'sex' | 'notes'>>,
): Promise<Patient | undefined> {
  const row = await dbOf(tx)
    .updateTable('patients')
    .set({ ...changes, updated_at: tx.now })
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row ? toPatient(row) : undefined;
}

/** Keyset page ordered by name, then id: stable while patients are added. */
export async function searchPatients(
  tx: ClinicTx,
  opts: { q?: string | undefined; limit: number; after?: { name: string; id: string } | undefined },
): Promise<Patient[]> {
  let query = dbOf(tx).selectFrom('patients').select(columns).where('clinic_id', '=', tx.clinicId);
  const q = opts.q?.toLowerCase();
  if (q) {
    const digits = q.replace(/\D/g, '');
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['full_name']), 'like', like),
        ...(digits.length >= 3 ? [eb('phone', 'like', `%${digits}%`)] : []),
      ]),
    );
  }
  if (opts.after) {
    const { name, id } = opts.after;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['full_name']), '>', name),
        eb.and([eb(eb.fn('lower', ['full_name']), '=', name), eb('id', '>', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy((eb) => eb.fn('lower', ['full_name']))
    .orderBy('id')
    .limit(opts.limit)
    .execute();
  return rows.map(toPatient);
}

/** Adds (or re-activates) the patient's membership, so they can sign in to this clinic. */
export async function ensurePatientMembership(tx: ClinicTx, userId: string): Promise<void> {
  await dbOf(tx)
    .insertInto('memberships')
    .values({ clinic_id: tx.clinicId, user_id: userId, role: 'patient', created_by: tx.actor.userId })
    .onConflict((oc) =>
      oc
        .columns(['clinic_id', 'user_id', 'role'])
        .doUpdateSet({ status: 'active', removed_at: null, removed_by: null }),
    )
    .execute();
}
