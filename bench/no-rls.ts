import pg from 'pg';

export const PLAIN_SCHEMA = 'bench_no_rls';

/** Connection options that make unqualified table names resolve to the plain views first. */
export const PLAIN_SEARCH_PATH = `-c search_path=${PLAIN_SCHEMA},public`;

/**
 * The same query without RLS must still see only the clinic's rows, or it measures a different
 * query. So for every table with policies this makes a plain view, in its own schema, that
 * applies the very same predicates (permissive policies OR-ed, restrictive ones AND-ed) as an
 * ordinary WHERE. The app's statements name tables unqualified, so with this schema first on
 * the search_path and a superuser role (policies not applied), the same SQL text runs the same
 * filter with none of the RLS machinery. Returns a function that removes the schema.
 */
export async function createPlainViews(
  url: string,
): Promise<{ tables: string[]; drop: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; permissive: string[]; restrictive: string[] }>(
      `select tablename as table,
              coalesce(array_agg(qual) filter (where permissive = 'PERMISSIVE'), '{}') as permissive,
              coalesce(array_agg(qual) filter (where permissive = 'RESTRICTIVE'), '{}') as restrictive
         from pg_policies
        where schemaname = 'public' and cmd in ('SELECT', 'ALL') and qual is not null
        group by tablename`,
    );
    const q = (id: string) => client.escapeIdentifier(id);
    await client.query(`drop schema if exists ${q(PLAIN_SCHEMA)} cascade`);
    await client.query(`create schema ${q(PLAIN_SCHEMA)}`);
    for (const r of rows) {
      // Catalog text from this database's own policies; no outside input reaches this DDL.
      const anyOf = r.permissive.length ? `(${r.permissive.join(' or ')})` : 'false';
      const allOf = r.restrictive.map((e) => ` and (${e})`).join('');
      await client.query(
        `create view ${q(PLAIN_SCHEMA)}.${q(r.table)} as select * from public.${q(r.table)} where ${anyOf}${allOf}`,
      );
    }
    return {
      tables: rows.map((r) => r.table),
      drop: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await c.query(`drop schema if exists ${c.escapeIdentifier(PLAIN_SCHEMA)} cascade`);
        } finally {
          await c.end();
        }
      },
    };
  } finally {
    await client.end();
  }
}
