import { type Kysely, sql } from 'kysely';
import type { PlatformDB } from '../platform/db/schema.ts';

/**
 * Reads of the PostgreSQL catalog that state the tenant-isolation rules (ARCHITECTURE.md,
 * "Tenant isolation") as queries, so a table added by any later migration is checked without
 * anyone listing it. Each function returns the violations (empty = rule holds). Run as the owner.
 */

type Db = Kysely<PlatformDB>;

export interface TenantTable {
  name: string;
  rls: boolean;
  force: boolean;
  policies: number;
}

/** Every table in schema public with a `clinic_id` column. */
export async function tenantTables(db: Db): Promise<TenantTable[]> {
  const { rows } = await sql<TenantTable>`
    select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as force,
           (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'clinic_id' and a.attnum > 0 and not a.attisdropped)
     order by c.relname`.execute(db);
  return rows;
}

/** Tenant tables without RLS enabled, without FORCE, or without a policy. */
export async function rlsViolations(db: Db): Promise<string[]> {
  const out: string[] = [];
  for (const t of await tenantTables(db)) {
    if (!t.rls) out.push(`${t.name}: row-level security not enabled`);
    if (!t.force) out.push(`${t.name}: row-level security not forced`);
    if (t.policies === 0) out.push(`${t.name}: no policy`);
  }
  return out;
}

interface PolicyRow {
  table: string;
  policy: string;
  permissive: string;
  cmd: string;
  qual: string | null;
  with_check: string | null;
}

export async function policies(db: Db): Promise<PolicyRow[]> {
  const { rows } = await sql<PolicyRow>`
    select tablename as "table", policyname as policy, permissive, cmd, qual, with_check
      from pg_policies where schemaname = 'public' order by tablename, policyname`.execute(db);
  return rows;
}

/**
 * A tenant table must have a policy for every command that pins rows to `app.clinic_id`
 * through its own clinic_id, and every permissive policy must depend on a session setting
 * (a permissive `using (true)` would open the table to every clinic, since policies are OR-ed).
 */
export async function policyShapeViolations(db: Db): Promise<string[]> {
  const tenants = new Set((await tenantTables(db)).map((t) => t.name));
  const all = await policies(db);
  const out: string[] = [];
  const pins = (expr: string | null) =>
    !!expr && /\bclinic_id\b/.test(stripLiterals(expr)) && expr.includes("'app.clinic_id'");
  for (const table of tenants) {
    const own = all.filter((p) => p.table === table);
    if (!own.some((p) => p.cmd === 'ALL' && pins(p.qual) && pins(p.with_check))) {
      out.push(`${table}: no ALL policy with USING and WITH CHECK on clinic_id = app.clinic_id`);
    }
    for (const p of own) {
      if (p.permissive !== 'PERMISSIVE') continue;
      for (const expr of [p.qual, p.with_check]) {
        if (expr !== null && !/current_setting\(/.test(expr)) {
          out.push(`${table}.${p.policy}: permissive policy does not depend on a session setting: ${expr}`);
        }
      }
    }
  }
  return out;
}

function stripLiterals(expr: string): string {
  return expr.replace(/'(?:[^']|'')*'/g, "''");
}

/**
 * The columns of `table` an expression (as deparsed in pg_policies) reads. String literals are
 * dropped first ('app.clinic_id' is not a column), as are function names, cast types and
 * columns qualified by another table's alias (subqueries).
 */
export function columnsInExpression(expr: string, table: string, columns: ReadonlySet<string>): Set<string> {
  const text = stripLiterals(expr);
  const ident = '(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")';
  const re = new RegExp(String.raw`(::\s*)?(?:(${ident})\.)?(${ident})(\s*\()?`, 'g');
  const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s.toLowerCase());
  const found = new Set<string>();
  for (const m of text.matchAll(re)) {
    const [, cast, qualifier, name, call] = m;
    if (cast || call || !name) continue;
    if (qualifier && unquote(qualifier) !== table) continue;
    const col = unquote(name);
    if (columns.has(col)) found.add(col);
  }
  return found;
}

/** `table.column` for every column read by a policy that no valid, non-partial index leads with. */
export async function policyIndexViolations(db: Db): Promise<string[]> {
  const { rows: cols } = await sql<{ table: string; column: string }>`
    select c.relname as "table", a.attname as "column"
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`.execute(
    db,
  );
  const { rows: leads } = await sql<{ table: string; column: string }>`
    select c.relname as "table", a.attname as "column"
      from pg_index i
      join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
     where n.nspname = 'public' and i.indpred is null and i.indisvalid`.execute(db);
  const columnsOf = new Map<string, Set<string>>();
  for (const c of cols) columnsOf.set(c.table, (columnsOf.get(c.table) ?? new Set()).add(c.column));
  const leading = new Set(leads.map((l) => `${l.table}.${l.column}`));
  const out = new Set<string>();
  for (const p of await policies(db)) {
    for (const expr of [p.qual, p.with_check]) {
      if (!expr) continue;
      for (const col of columnsInExpression(expr, p.table, columnsOf.get(p.table) ?? new Set())) {
        if (!leading.has(`${p.table}.${col}`)) out.add(`${p.table}.${col} (policy ${p.policy})`);
      }
    }
  }
  return [...out].sort();
}

/** Tenant tables whose primary key is missing or does not start with clinic_id. */
export async function primaryKeyViolations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ table: string; first: string | null }>`
    select c.relname as "table", a.attname as first
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_constraint k on k.conrelid = c.oid and k.contype = 'p'
      left join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and exists (select 1 from pg_attribute x where x.attrelid = c.oid and x.attname = 'clinic_id' and not x.attisdropped)
     order by 1`.execute(db);
  return rows
    .filter((r) => r.first !== 'clinic_id')
    .map((r) => `${r.table}: primary key ${r.first ? `starts with ${r.first}` : 'missing'}`);
}

/**
 * Unique indexes on tenant tables that do not lead with clinic_id: a unique key across clinics
 * lets one clinic learn, from a conflict, that a value exists in another clinic.
 */
export async function uniqueKeyViolations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ table: string; index: string; first: string | null }>`
    select c.relname as "table", ic.relname as index, a.attname as first
      from pg_index i
      join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_class ic on ic.oid = i.indexrelid
      left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
     where n.nspname = 'public' and i.indisunique
       and exists (select 1 from pg_attribute x where x.attrelid = c.oid and x.attname = 'clinic_id' and not x.attisdropped)
     order by 1, 2`.execute(db);
  return rows
    .filter((r) => r.first !== 'clinic_id')
    .map((r) => `${r.table}: unique index ${r.index} does not lead with clinic_id`);
}

/**
 * Foreign keys between two tenant tables that do not pair clinic_id with clinic_id (a row could
 * then point at another clinic's row), and references to clinics(id) through any other column
 * (a tenant-owned table that escaped the clinic_id naming, and so the RLS check).
 */
export async function foreignKeyViolations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string; src: string; tgt: string; ok: boolean }>`
    select k.conname as name, src.relname as src, tgt.relname as tgt,
           exists (select 1 from generate_subscripts(k.conkey, 1) s
                    where k.conkey[s] = sa.attnum and k.confkey[s] = ta.attnum) as ok
      from pg_constraint k
      join pg_class src on src.oid = k.conrelid join pg_namespace n on n.oid = src.relnamespace
      join pg_class tgt on tgt.oid = k.confrelid
      join pg_attribute sa on sa.attrelid = src.oid and sa.attname = 'clinic_id' and not sa.attisdropped
      join pg_attribute ta on ta.attrelid = tgt.oid and ta.attname = 'clinic_id' and not ta.attisdropped
     where k.contype = 'f' and n.nspname = 'public'
     order by 2, 1`.execute(db);
  const { rows: toClinics } = await sql<{ name: string; src: string; column: string }>`
    select k.conname as name, src.relname as src, a.attname as "column"
      from pg_constraint k
      join pg_class src on src.oid = k.conrelid join pg_namespace n on n.oid = src.relnamespace
      join pg_class tgt on tgt.oid = k.confrelid
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
     where k.contype = 'f' and n.nspname = 'public' and tgt.relname = 'clinics' and a.attname <> 'clinic_id'
     order by 2, 1`.execute(db);
  return [
    ...rows.filter((r) => !r.ok).map((r) => `${r.src} → ${r.tgt}: foreign key ${r.name} lacks clinic_id`),
    ...toClinics.map(
      (r) =>
        `${r.src}.${r.column}: references clinics(id) but is not clinic_id (so not a checked tenant key)`,
    ),
  ];
}

export interface RoleFacts {
  exists: boolean;
  superuser: boolean;
  bypassRls: boolean;
  createRole: boolean;
  ownsRelations: string[];
  ownsFunctions: string[];
  memberOf: string[];
  createOnPublic: boolean;
  /** table: privilege, for privileges that defeat RLS or the append-only audit log. */
  dangerousPrivileges: string[];
}

/** What the app role is and may do. */
export async function roleFacts(db: Db, role: string): Promise<RoleFacts> {
  const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }>`
    select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = ${role}`.execute(db);
  const r = rows[0];
  if (!r) {
    return {
      exists: false,
      superuser: false,
      bypassRls: false,
      createRole: false,
      ownsRelations: [],
      ownsFunctions: [],
      memberOf: [],
      createOnPublic: false,
      dangerousPrivileges: [],
    };
  }
  const owned = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_roles o on o.oid = c.relowner where o.rolname = ${role}`.execute(
    db,
  );
  const fns = await sql<{ name: string }>`
    select p.proname as name from pg_proc p join pg_roles o on o.oid = p.proowner where o.rolname = ${role}`.execute(
    db,
  );
  const member = await sql<{ name: string }>`
    select g.rolname as name from pg_auth_members m
      join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member
     where u.rolname = ${role}`.execute(db);
  const create = await sql<{
    ok: boolean;
  }>`select has_schema_privilege(${role}, 'public', 'CREATE') as ok`.execute(db);
  const privs = await sql<{ table: string; privilege: string }>`
    select c.relname as "table", p.privilege
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join (values ('TRUNCATE'), ('TRIGGER'), ('REFERENCES')) as p(privilege)
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and has_table_privilege(${role}, c.oid, p.privilege)
    union all
    select 'audit_events', p.privilege from (values ('UPDATE'), ('DELETE')) as p(privilege)
     where to_regclass('public.audit_events') is not null
       and has_table_privilege(${role}, 'public.audit_events', p.privilege)
     order by 1, 2`.execute(db);
  return {
    exists: true,
    superuser: r.rolsuper,
    bypassRls: r.rolbypassrls,
    createRole: r.rolcreaterole,
    ownsRelations: owned.rows.map((o) => o.name),
    ownsFunctions: fns.rows.map((f) => f.name),
    memberOf: member.rows.map((m) => m.name),
    createOnPublic: create.rows[0]?.ok ?? false,
    dangerousPrivileges: privs.rows.map((p) => `${p.table}: ${p.privilege}`),
  };
}
