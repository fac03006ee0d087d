import type { Selectable } from 'kysely';
import type { ClinicsTable } from '../../platform/db/schema.ts';
import type { GlobalTx } from '../../platform/db/tenancy.ts';

/** Clinics are platform rows (no RLS): readable from withGlobal and from any clinic's transaction. */
export interface Clinic {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  locale: string;
  status: 'active' | 'suspended';
  suspendedAt: Date | null;
  suspendedReason: string | null;
  createdAt: Date;
}

const columns = [
  'id',
  'slug',
  'name',
  'time_zone',
  'currency',
  'locale',
  'status',
  'suspended_at',
  'suspended_reason',
  'created_at',
] as const;

type Row = Pick<Selectable<ClinicsTable>, (typeof columns)[number]>;

function toClinic(r: Row): Clinic {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    timeZone: r.time_zone,
    currency: r.currency,
    locale: r.locale,
    status: r.status,
    suspendedAt: r.suspended_at,
    suspendedReason: r.suspended_reason,
    createdAt: r.created_at,
  };
}

export async function slugTaken(tx: GlobalTx, slug: string): Promise<boolean> {
  const row = await tx.db.selectFrom('clinics').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

export async function insertClinic(
  tx: GlobalTx,
  c: { id: string; slug: string; name: string; timeZone: string; currency: string; locale: string },
): Promise<Clinic> {
  const row = await tx.db
    .insertInto('clinics')
    .values({
      id: c.id,
      slug: c.slug,
      name: c.name,
      time_zone: c.timeZone,
      currency: c.currency,
      locale: c.locale,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toClinic(row);
}

export async function findClinic(
  tx: GlobalTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<Clinic | undefined> {
  let q = tx.db.selectFrom('clinics').select(columns).where('id', '=', id);
  // "no key update": it orders status changes without blocking the inserts that reference the clinic.
  if (opts.lock) q = q.forNoKeyUpdate();
  const row = await q.executeTakeFirst();
  return row && toClinic(row);
}

/** Escapes LIKE wildcards so a search for `50%` means those characters. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Newest first. Ids are UUIDv7 (time-ordered), so the id is the cursor. */
export async function listClinics(
  tx: GlobalTx,
  f: {
    limit: number;
    cursor?: string | undefined;
    status?: Clinic['status'] | undefined;
    q?: string | undefined;
  },
): Promise<Clinic[]> {
  let q = tx.db.selectFrom('clinics').select(columns).orderBy('id', 'desc').limit(f.limit);
  if (f.cursor) q = q.where('id', '<', f.cursor);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) => eb.or([eb('slug', 'ilike', p), eb('name', 'ilike', p)]));
  }
  const rows = await q.execute();
  return rows.map(toClinic);
}

export async function setClinicStatus(
  tx: GlobalTx,
  id: string,
  status: Clinic['status'],
  reason: string | null,
): Promise<Clinic> {
  const row = await tx.db
    .updateTable('clinics')
    .set({
      status,
      suspended_at: status === 'suspended' ? tx.now : null,
      suspended_reason: status === 'suspended' ? reason : null,
      updated_at: tx.now,
    })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toClinic(row);
}
