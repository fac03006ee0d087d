import { sql } from 'kysely';
import { tablesOf } from '../../platform/db/tables.ts';
import type { ClinicTx } from '../../platform/db/tenancy.ts';
import type { PatientsTables } from '../patients/index.ts';
import type { SchedulingTables } from '../scheduling/index.ts';
import type { StaffTables } from '../staff/index.ts';

/**
 * Who did it and to whom or what, in names: the audit log keeps ids (names change, the log must
 * not), and a page of it is named when it is read. Every lookup runs in the clinic's transaction,
 * so tenant rows come through row-level security, and only ids that this clinic's own events
 * carry are asked for. An entity without a name (deleted, or a kind that has none) stays unnamed.
 */

const dbOf = tablesOf<PatientsTables & SchedulingTables & StaffTables>();

/** Entity types named by one column of one of the clinic's tables. */
const NAMED = [
  ['patient', 'patients', 'full_name'],
  ['service', 'services', 'name'],
  ['room', 'rooms', 'name'],
  ['invitation', 'invitations', 'email'],
] as const;

/** Entity types whose ids name a person (a user, or a doctor by their user id). */
const PERSON_TYPES = new Set(['user', 'doctor']);

export interface Named {
  actorUserId: string | null;
  entityType: string;
  entityId: string | null;
}

export interface Names {
  actor(e: Named): string | null;
  subject(e: Named): string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function namesOf(tx: ClinicTx, events: readonly Named[]): Promise<Names> {
  const idsOf = (types: string[]) => [
    ...new Set(
      events
        .filter((e) => types.includes(e.entityType) && e.entityId && UUID.test(e.entityId))
        .map((e) => (e.entityId as string).toLowerCase()),
    ),
  ];
  const people = [
    ...new Set([
      ...events.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
      ...idsOf([...PERSON_TYPES]),
    ]),
  ];
  const db = dbOf(tx);
  const [users, appointments, clinics, ...named] = await Promise.all([
    people.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', people).execute() : [],
    lookup(idsOf(['appointment']), (ids) =>
      db
        .selectFrom('appointments as a')
        .innerJoin('patients as p', (j) =>
          j.onRef('p.clinic_id', '=', 'a.clinic_id').onRef('p.id', '=', 'a.patient_id'),
        )
        .select(['a.id', 'p.full_name as name'])
        .where('a.clinic_id', '=', tx.clinicId)
        .where('a.id', 'in', ids)
        .execute(),
    ),
    lookup(idsOf(['clinic']), (ids) =>
      db
        .selectFrom('clinics')
        .select(['id', 'name'])
        .where('id', '=', tx.clinicId)
        .where('id', 'in', ids)
        .execute(),
    ),
    ...NAMED.map(([type, table, column]) =>
      lookup(idsOf([type]), (ids) =>
        // One shape for every tenant table named by one column: RLS and the clinic filter both apply.
        db
          .selectFrom(table as 'services')
          .select(['id', sql<string>`${sql.ref(column)}`.as('name')])
          .where('clinic_id', '=', tx.clinicId)
          .where('id', 'in', ids)
          .execute(),
      ),
    ),
  ]);
  const map = (rows: readonly { id: string; name: string }[]) =>
    new Map(rows.map((r) => [r.id.toLowerCase(), r.name]));
  const byType: Record<string, Map<string, string>> = {
    user: map(users),
    doctor: map(users),
    appointment: map(appointments),
    clinic: map(clinics),
    ...Object.fromEntries(NAMED.map(([type], i) => [type, map(named[i] ?? [])])),
  };
  return {
    actor: (e) => (e.actorUserId ? (byType.user?.get(e.actorUserId.toLowerCase()) ?? null) : null),
    subject: (e) => (e.entityId ? (byType[e.entityType]?.get(e.entityId.toLowerCase()) ?? null) : null),
  };
}

function lookup<T>(ids: string[], run: (ids: string[]) => Promise<T[]>): Promise<T[]> | T[] {
  return ids.length ? run(ids) : [];
}
