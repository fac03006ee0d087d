import { normalizePhone } from '../../platform/auth/phone.ts';
import { findOrCreatePhoneUser } from '../../platform/auth/users.ts';
import type { Actor, Database } from '../../platform/db/database.ts';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import { badRequest, conflict, notFound } from '../../platform/http/errors.ts';
import * as repo from './repo.ts';
import type { CreatePatientInput, ListPatientsQuery, Patient, UpdatePatientInput } from './schema.ts';

/** `patientId` is this clinic's own record id (never another clinic's, never the person's user id). */
const patientExists = (patientId: string | undefined) =>
  conflict('patient_exists', 'A patient with this phone number is already registered', {
    ...(patientId ? { patientId } : {}),
  });

/**
 * Registers a patient at the front desk (name + phone, the rest optional). The phone finds the
 * person if they already exist anywhere in Cliniclick, so they sign in with it by OTP and see
 * their visits in every clinic; but the record gets an id of this clinic's own and holds only what
 * this clinic was told: nothing of another clinic's record (its id, dates or name) comes back.
 */
export async function registerPatientIn(tx: ClinicTx, input: CreatePatientInput): Promise<Patient> {
  const phone = normalizePhone(input.phone);
  const { userId } = await findOrCreatePhoneUser(tx, phone, { name: input.fullName, verified: false });
  const existing = await repo.findPatient(tx, { userId });
  if (existing) throw patientExists(existing.id);
  await repo.ensurePatientMembership(tx, userId);
  const patient = await repo.insertPatient(tx, {
    userId,
    fullName: input.fullName,
    phone,
    email: input.email ?? null,
    birthDate: input.birthDate ?? null,
    sex: input.sex ?? null,
    notes: input.notes ?? null,
  });
  if (!patient) {
    // Registered by a concurrent request since the check above.
    const winner = await repo.findPatient(tx, { userId });
    throw patientExists(winner?.id);
  }
  await tx.audit({ action: 'patient.created', entityType: 'patient', entityId: patient.id, data: {} });
  return patient;
}

/** The clinic's record of a patient by its id, or undefined (for modules that refer to patients). */
export function findPatientIn(tx: ClinicTx, patientId: string): Promise<Patient | undefined> {
  return repo.findPatient(tx, { id: patientId });
}

/**
 * The patient with this phone, registered now if new (for quick-create at booking): the same
 * person as a registration, but an existing record is reused instead of refused.
 */
export async function findOrRegisterPatientIn(tx: ClinicTx, input: CreatePatientInput): Promise<Patient> {
  const { userId } = await findOrCreatePhoneUser(tx, normalizePhone(input.phone), {
    name: input.fullName,
    verified: false,
  });
  return (await repo.findPatient(tx, { userId })) ?? registerPatientIn(tx, input);
}

export function registerPatient(db: Database, clinicId: string, actor: Actor, input: CreatePatientInput) {
  return withClinic(db, clinicId, actor, (tx) => registerPatientIn(tx, input));
}

/** Reading a chart is audited in the same transaction as the read. */
export function getPatient(
  db: Database,
  clinicId: string,
  actor: Actor,
  patientId: string,
): Promise<Patient> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const patient = await repo.findPatient(tx, { id: patientId });
    if (!patient) throw notFound('Patient');
    await tx.audit({ action: 'patient.read', entityType: 'patient', entityId: patientId });
    return patient;
  });
}

export function updatePatient(
  db: Database,
  clinicId: string,
  actor: Actor,
  patientId: string,
  input: UpdatePatientInput,
): Promise<Patient> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const patient = await repo.updatePatient(tx, patientId, {
      ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.birthDate !== undefined ? { birth_date: input.birthDate } : {}),
      ...(input.sex !== undefined ? { sex: input.sex } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
    });
    if (!patient) throw notFound('Patient');
    // The audit names what changed, not the new values: the chart itself is the record.
    await tx.audit({
      action: 'patient.updated',
      entityType: 'patient',
      entityId: patientId,
      data: { fields: Object.keys(input).sort() },
    });
    return patient;
  });
}

function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { name: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw badRequest('invalid_cursor', 'This page link is not valid; start from the first page', {
    errors: [{ field: 'cursor', message: 'Not a cursor from this API' }],
  });
}

/** A search shows patients' data, so it is audited too (with the ids it returned). */
export function searchPatients(
  db: Database,
  clinicId: string,
  actor: Actor,
  query: ListPatientsQuery,
): Promise<{ items: Patient[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor);
  return withClinic(db, clinicId, actor, async (tx) => {
    const rows = await repo.searchPatients(tx, { q: query.q, limit: query.limit + 1, after });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.fullName.toLowerCase(), last.id])).toString('base64url')
        : null;
    await tx.audit({
      action: 'patient.searched',
      entityType: 'patient',
      data: { q: query.q ?? null, ids: items.map((p) => p.id) },
    });
    return { items, nextCursor };
  });
}
