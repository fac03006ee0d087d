import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../modules.ts';
import {
  columnsInExpression,
  foreignKeyViolations,
  policyIndexViolations,
  policyShapeViolations,
  primaryKeyViolations,
  rlsViolations,
  roleFacts,
  tenantTables,
  uniqueKeyViolations,
} from '../../test/catalog.ts';
import {
  createTestClinic,
  databaseKinds,
  describeEachDb,
  migratedPglite,
  testDatabaseUrl,
} from '../../test/harness.ts';
import { ManualClock } from '../clock.ts';
import { Database } from './database.ts';
import { APP_ROLE, tenantTable } from './migrations/helpers.ts';

/** Rolls back whatever `fn` did as the owner (DDL included), after letting it look. */
class Rollback extends Error {}
async function inRolledBackTx(db: Database, fn: (trx: Database['owner']) => Promise<void>): Promise<void> {
  await db.owner
    .transaction()
    .execute(async (trx) => {
      await fn(trx);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
}

describeEachDb('catalog: tenant isolation rules hold for every table', (t) => {
  it('knows the tenant tables of the foundation', async () => {
    const names = (await tenantTables(t().db.owner)).map((x) => x.name);
    expect(names).toEqual(
      expect.arrayContaining(['audit_events', 'audit_heads', 'invitations', 'memberships']),
    );
  });

  it('every table with clinic_id has RLS enabled, forced, and a policy', async () => {
    expect(await rlsViolations(t().db.owner)).toEqual([]);
  });

  it('every tenant table pins rows to app.clinic_id for all commands, and no permissive policy is unconditional', async () => {
    expect(await policyShapeViolations(t().db.owner)).toEqual([]);
  });

  it('every column a policy reads has an index leading with it', async () => {
    expect(await policyIndexViolations(t().db.owner)).toEqual([]);
  });

  it('tenant primary keys lead with clinic_id; unique keys too', async () => {
    expect(await primaryKeyViolations(t().db.owner)).toEqual([]);
    expect(await uniqueKeyViolations(t().db.owner)).toEqual([]);
  });

  it('foreign keys between tenant tables carry clinic_id; clinics are referenced only by clinic_id', async () => {
    expect(await foreignKeyViolations(t().db.owner)).toEqual([]);
  });

  it('a table added later without RLS is caught by every rule, and tenantTable() fixes it', async () => {
    const name = `zz_probe_${randomBytes(4).toString('hex')}`;
    await inRolledBackTx(t().db, async (trx) => {
      await sql`create table ${sql.table(name)} (id uuid primary key, clinic_id uuid not null, tag text)`.execute(
        trx,
      );
      await sql`create unique index ${sql.id(`${name}_tag`)} on ${sql.table(name)} (tag)`.execute(trx);
      await sql`create table ${sql.table(`${name}_child`)} (
          clinic_id uuid not null, id uuid, parent uuid references ${sql.table(name)} (id),
          owner_clinic uuid references clinics (id), primary key (clinic_id, id))`.execute(trx);
      await tenantTable(trx as unknown as Kysely<unknown>, `${name}_child`);
      expect(await rlsViolations(trx)).toEqual(
        expect.arrayContaining([
          `${name}: row-level security not enabled`,
          `${name}: row-level security not forced`,
          `${name}: no policy`,
        ]),
      );
      expect(await primaryKeyViolations(trx)).toContain(`${name}: primary key starts with id`);
      expect(await uniqueKeyViolations(trx)).toEqual(
        expect.arrayContaining([`${name}: unique index ${name}_tag does not lead with clinic_id`]),
      );
      const fks = await foreignKeyViolations(trx);
      expect(fks.some((v) => v.startsWith(`${name}_child → ${name}:`))).toBe(true);
      expect(fks).toContain(
        `${name}_child.owner_clinic: references clinics(id) but is not clinic_id (so not a checked tenant key)`,
      );
      // A policy on an unindexed column, and an unconditional permissive one.
      await sql`create policy by_tag on ${sql.table(`${name}_child`)} for select using (owner_clinic is not null)`.execute(
        trx,
      );
      expect(await policyIndexViolations(trx)).toContain(`${name}_child.owner_clinic (policy by_tag)`);
      expect(await policyShapeViolations(trx)).toContain(
        `${name}_child.by_tag: permissive policy does not depend on a session setting: (owner_clinic IS NOT NULL)`,
      );
      await tenantTable(trx as unknown as Kysely<unknown>, name);
      const after = await rlsViolations(trx);
      expect(after.filter((v) => v.startsWith(`${name}:`))).toEqual([]);
    });
    const gone = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_class where relname = ${name}`.execute(t().db.owner);
    expect(gone.rows[0]?.n).toBe(0);
  });

  it('the policy-column parser ignores literals, functions, casts and other tables', () => {
    const cols = new Set(['clinic_id', 'user_id', 'role']);
    const expr =
      "((clinic_id = (NULLIF(current_setting('app.clinic_id user_id'::text, true), ''::text))::uuid) " +
      'AND (EXISTS ( SELECT 1 FROM memberships m WHERE (m.role = memberships.user_id::text))))';
    expect([...columnsInExpression(expr, 'memberships', cols)].sort()).toEqual(['clinic_id', 'user_id']);
  });

  it('the app role is not a superuser, cannot bypass RLS, owns nothing and holds no RLS-defeating privilege', async () => {
    const role = await roleFacts(t().db.owner, APP_ROLE);
    expect(role).toEqual({
      exists: true,
      superuser: false,
      bypassRls: false,
      createRole: false,
      ownsRelations: [],
      ownsFunctions: [],
      memberOf: [],
      createOnPublic: false,
      dangerousPrivileges: [],
    });
  });

  it('as the app role with no clinic set, every tenant table shows no rows', async () => {
    await createTestClinic(t()); // so there is something to hide
    const tables = await tenantTables(t().db.owner);
    for (const table of tables) {
      const canRead = await sql<{ ok: boolean }>`
        select has_table_privilege(${APP_ROLE}, ${`public.${table.name}`}, 'SELECT') as ok`.execute(
        t().db.owner,
      );
      if (!canRead.rows[0]?.ok) continue;
      const seen = await t().db.scoped({}, (trx) =>
        sql<{ n: number }>`select count(*)::int as n from ${sql.table(table.name)}`.execute(trx),
      );
      expect({ table: table.name, rows: seen.rows[0]?.n }).toEqual({ table: table.name, rows: 0 });
    }
  });
});

/**
 * assertAppRoleObeysRls: on every database against throwaway roles (the real role is shared by
 * everyone using the PostgreSQL server, so it is never altered there); on PGlite, which is a
 * private in-memory database, also by altering the real role and restoring it.
 */
for (const kind of databaseKinds) {
  describe(`Database.assertAppRoleObeysRls [${kind}]`, () => {
    const open = () =>
      Database.open({
        url: kind === 'postgres' ? testDatabaseUrl : undefined,
        clock: new ManualClock(),
        poolSize: 2,
        pgliteImage: kind === 'pglite' ? migratedPglite() : undefined,
      });

    it('refuses a role that is missing, superuser or BYPASSRLS', async () => {
      const db = await open();
      const probe = `cliniclick_probe_${randomBytes(4).toString('hex')}`;
      const pointAt = (role: string) =>
        Object.defineProperty(db, 'appRole', { value: role, configurable: true });
      try {
        pointAt(probe);
        await expect(db.assertAppRoleObeysRls()).rejects.toThrow(/does not exist/);
        await sql`create role ${sql.id(probe)} nologin nosuperuser nobypassrls`.execute(db.owner);
        await expect(db.assertAppRoleObeysRls()).resolves.toBeUndefined();
        await sql`alter role ${sql.id(probe)} bypassrls`.execute(db.owner);
        await expect(db.assertAppRoleObeysRls()).rejects.toThrow(/bypass row-level security/);
        await sql`alter role ${sql.id(probe)} nobypassrls superuser`.execute(db.owner);
        await expect(db.assertAppRoleObeysRls()).rejects.toThrow(/bypass row-level security/);
      } finally {
        await sql`drop role if exists ${sql.id(probe)}`.execute(db.owner);
        await db.close();
      }
    });

    if (kind === 'pglite') {
      it('refuses the real app role once it is made BYPASSRLS or superuser (private PGlite only)', async () => {
        const db = await open();
        try {
          await db.migrate(MIGRATIONS);
          await expect(db.assertAppRoleObeysRls()).resolves.toBeUndefined();
          for (const attr of ['bypassrls', 'superuser'] as const) {
            await sql`alter role ${sql.id(APP_ROLE)} ${sql.raw(attr)}`.execute(db.owner);
            try {
              await expect(db.assertAppRoleObeysRls()).rejects.toThrow(/refusing to start/);
            } finally {
              await sql`alter role ${sql.id(APP_ROLE)} ${sql.raw(`no${attr}`)}`.execute(db.owner);
            }
          }
          await expect(db.assertAppRoleObeysRls()).resolves.toBeUndefined();
        } finally {
          await db.close();
        }
      });
    }
  });
}
