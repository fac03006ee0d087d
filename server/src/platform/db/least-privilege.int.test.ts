import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BootError, start } from '../../boot.ts';
import {
  createTestClinic,
  describeEachDb,
  sessionFor,
  startTestApp,
  testDatabaseUrl,
} from '../../test/harness.ts';
import { freePort } from '../../test/process.ts';
import { systemActor } from './database.ts';
import { newId } from './ids.ts';
import { APP_ROLE } from './migrations/helpers.ts';
import { APP_LOGIN, appLoginUrl, canDeriveLogin, loginFacts } from './roles.ts';
import { type BaseTx, withClinic, withGlobal } from './tenancy.ts';

const DENIED = /permission denied/;
const RLS_VIOLATION = /row-level security|row level security/i;

describeEachDb('least privilege: what the app role cannot do (migration 0006)', (t) => {
  it('inside clinic A’s transaction, clinic B’s row can be neither read nor changed nor made', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const inA = <T>(fn: Parameters<typeof withClinic<T>>[3]) => withClinic(t().db, a.id, systemActor, fn);

    const seen = await inA((tx) => tx.db.selectFrom('clinics').select('id').execute());
    expect(seen.map((r) => r.id)).toEqual([a.id]);
    const renamed = await inA((tx) =>
      tx.db.updateTable('clinics').set({ name: 'Taken over' }).where('id', '=', b.id).executeTakeFirst(),
    );
    expect(renamed.numUpdatedRows).toBe(0n);
    const suspended = await inA((tx) =>
      sql`update clinics set status = 'suspended' where id <> ${a.id}`.execute(tx.db),
    );
    expect(suspended.numAffectedRows).toBe(0n);
    await expect(
      inA((tx) =>
        tx.db
          .insertInto('clinics')
          .values({
            id: newId(),
            slug: `x-${randomBytes(4).toString('hex')}`,
            name: 'X',
            time_zone: 'UTC',
            currency: 'USD',
            locale: 'en',
          })
          .execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);
    // Nor can A move its own row to B's id.
    await expect(
      inA((tx) => tx.db.updateTable('clinics').set({ id: b.id }).where('id', '=', a.id).execute()),
    ).rejects.toThrow(RLS_VIOLATION);
    const bNow = await t()
      .db.owner.selectFrom('clinics')
      .select('name')
      .where('id', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(bNow.name).toBe(`Clinic ${b.slug}`);
    // A platform transaction (the public site, the admin console) still sees both.
    const all = await withGlobal(t().db, systemActor, (tx) =>
      tx.db.selectFrom('clinics').select('id').where('id', 'in', [a.id, b.id]).execute(),
    );
    expect(all).toHaveLength(2);
  });

  it('password and session-token hashes are unreadable in every scope; the app still signs in', async () => {
    const a = await createTestClinic(t());
    const s = await sessionFor(t(), a.owner.id);
    for (const scope of ['clinic', 'global'] as const) {
      const run = <T>(fn: Parameters<typeof withGlobal<T>>[2]) =>
        scope === 'clinic' ? withClinic(t().db, a.id, systemActor, fn) : withGlobal(t().db, systemActor, fn);
      await expect(run((tx) => sql`select password_hash from identities`.execute(tx.db))).rejects.toThrow(
        DENIED,
      );
      await expect(run((tx) => sql`select * from identities`.execute(tx.db))).rejects.toThrow(DENIED);
      await expect(run((tx) => sql`select token_hash from sessions`.execute(tx.db))).rejects.toThrow(DENIED);
      // Nor by testing it: a WHERE on the column needs the same privilege.
      await expect(
        run((tx) => sql`select id from identities where password_hash like '$argon2%'`.execute(tx.db)),
      ).rejects.toThrow(DENIED);
      await expect(
        run((tx) =>
          sql`select id from sessions where substr(token_hash, 1, 1) = '\\x00'::bytea`.execute(tx.db),
        ),
      ).rejects.toThrow(DENIED);
    }
    // Asking by token answers an id, never a hash.
    const owned = await withGlobal(t().db, systemActor, (tx) =>
      sql<{ id: string | null }>`select session_id_by_token(${Buffer.alloc(32)}) as id`.execute(tx.db),
    );
    expect(owned.rows[0]?.id).toBeNull();
    const me = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: s.auth });
    expect(me.statusCode).toBe(200);
    const login = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.doctor.email, password: a.doctor.password },
      remoteAddress: '10.9.8.7',
    });
    expect(login.statusCode).toBe(200);
  });

  it('the password-hash function answers in a platform transaction, and in a clinic’s only for its pending invitations', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const identityOf = async (email: string) =>
      (
        await t()
          .db.owner.selectFrom('identities')
          .select('id')
          .where('value', '=', email)
          .executeTakeFirstOrThrow()
      ).id;
    const bOwner = await identityOf(b.owner.email);
    const hashIn = (clinicId: string | null, identity: string) => {
      const q = (tx: BaseTx) =>
        sql<{ h: string | null }>`select identity_password_hash(${identity}) as h`.execute(tx.db);
      return (
        clinicId ? withClinic(t().db, clinicId, systemActor, q) : withGlobal(t().db, systemActor, q)
      ).then((r) => r.rows[0]?.h ?? null);
    };
    expect(await hashIn(null, bOwner)).toMatch(/^\$argon2id\$/);
    // Clinic A's code cannot read B's owner's hash, nor its own staff's.
    expect(await hashIn(a.id, bOwner)).toBeNull();
    expect(await hashIn(a.id, await identityOf(a.doctor.email))).toBeNull();
    // Once A invites B's owner, accepting the invitation may check that person's own password.
    await withClinic(t().db, a.id, systemActor, (tx) =>
      sql`insert into invitations (clinic_id, id, email, name, role, token_hash, invited_by, created_at, expires_at)
          values (${a.id}, ${newId()}, ${b.owner.email}, 'B owner', 'doctor', ${randomBytes(32)}, ${a.owner.id}, now(), now() + interval '1 day')`.execute(
        tx.db,
      ),
    );
    expect(await hashIn(a.id, bOwner)).toMatch(/^\$argon2id\$/);
    // Not from a third clinic.
    const c = await createTestClinic(t());
    expect(await hashIn(c.id, bOwner)).toBeNull();
  });

  it('roles other than the app role cannot call the definer functions', async () => {
    const rows = await sql<{ fn: string; publicCan: boolean; appCan: boolean }>`
      select p.proname as fn,
             has_function_privilege('public', p.oid, 'execute') as "publicCan",
             has_function_privilege(${APP_ROLE}, p.oid, 'execute') as "appCan"
        from pg_proc p where p.proname in ('identity_password_hash', 'session_id_by_token')
       order by 1`.execute(t().db.owner);
    expect(rows.rows).toEqual([
      { fn: 'identity_password_hash', publicCan: false, appCan: true },
      { fn: 'session_id_by_token', publicCan: false, appCan: true },
    ]);
  });
});

describe.runIf(testDatabaseUrl)('least privilege: the app’s login on PostgreSQL', () => {
  it('on a fresh cluster (no app role yet) the login is read, not refused, so the first start can make the role', async () => {
    const t = await startTestApp('postgres');
    try {
      const missing = `cliniclick_never_${randomBytes(4).toString('hex')}`;
      const facts = await loginFacts(t.db.owner, missing);
      expect(facts.appMember).toBe(false);
      expect(canDeriveLogin(facts)).toBe(true); // the tests' owner URL may make roles
    } finally {
      await t.close();
    }
  });

  it('after RESET ROLE the app’s statements hold less than the app role: no hashes, no rows, no superuser', async () => {
    const t = await startTestApp('postgres');
    try {
      await createTestClinic(t);
      const asLogin = <T>(q: ReturnType<typeof sql<T>>) =>
        t.db.scoped({}, async (trx) => {
          await sql`reset role`.execute(trx);
          return q.execute(trx);
        });
      const who = await asLogin(sql<{ u: string; s: string; sup: boolean }>`
        select current_user as u, session_user as s,
               (select rolsuper from pg_roles where rolname = current_user) as sup`);
      expect(who.rows[0]).toEqual({ u: APP_LOGIN, s: APP_LOGIN, sup: false });
      await expect(asLogin(sql`select password_hash from identities`)).rejects.toThrow(DENIED);
      await expect(asLogin(sql`select count(*) from clinics`)).rejects.toThrow(DENIED);
      await expect(asLogin(sql`select count(*) from memberships`)).rejects.toThrow(DENIED);
      await expect(asLogin(sql`select token_hash from sessions`)).rejects.toThrow(DENIED);
      for (const role of ['postgres', 'pg_read_all_data', 'pg_write_server_files']) {
        await expect(asLogin(sql`set role ${sql.id(role)}`)).rejects.toThrow(DENIED);
      }
      await expect(asLogin(sql`set session authorization postgres`)).rejects.toThrow(DENIED);
      await expect(asLogin(sql`alter role ${sql.id(APP_LOGIN)} superuser`)).rejects.toThrow(
        /must be superuser/,
      );
      await expect(asLogin(sql`create table zz_mine (id int)`)).rejects.toThrow(DENIED);
      await expect(asLogin(sql`select pg_read_file('/etc/passwd')`)).rejects.toThrow(DENIED);
      // The login can become the app role again, and no more than that.
      const back = await t.db.scoped({}, async (trx) => {
        await sql`reset role`.execute(trx);
        await sql`set role ${sql.id(APP_ROLE)}`.execute(trx);
        return sql<{ u: string }>`select current_user as u`.execute(trx);
      });
      expect(back.rows[0]?.u).toBe(APP_ROLE);
      expect(await t.db.appLoginProblem()).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('the access listener listens and polls under the login (the job runner: platform/jobs/jobs.int.test.ts)', async () => {
    const t = await startTestApp('postgres');
    const listener = t.db.accessListener;
    try {
      await listener.start();
      expect(listener.up).toBe(true);
      expect(await listener.poll()).toBe(true); // reads access_version over the login's connection
      const a = await createTestClinic(t);
      const heard = new Promise<string[]>((resolve) => {
        const off = listener.onChange((c) => {
          if (c.via === 'notify' && c.scopes.includes(`u:${a.doctor.id}`)) {
            off();
            resolve([...c.scopes]);
          }
        });
      });
      await withGlobal(t.db, systemActor, (tx) =>
        tx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', a.doctor.id).execute(),
      );
      expect(await heard).toContain(`u:${a.doctor.id}`);
    } finally {
      await listener.stop();
      await t.close();
    }
  });

  const quiet = (env: Record<string, string>): NodeJS.ProcessEnv => ({
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    APP_SECRET: 'r'.repeat(40),
    CLINICLICK_DEMO: '0',
    ...env,
  });
  /** The BootError's message (a start that succeeds fails the test; it is closed by the process end). */
  const refusal = (env: Record<string, string>): Promise<string> =>
    start(quiet(env)).then(
      () => 'started',
      (e: unknown) => (e instanceof BootError ? e.message : String(e)),
    );

  it('boot refuses a superuser or owning login in production, and runs with an owner URL and the app’s own login', async () => {
    const superUrl = testDatabaseUrl!;
    const port = String(await freePort());
    expect(await refusal({ DATABASE_URL: superUrl, NODE_ENV: 'production', PORT: port })).toMatch(
      /^refusing to start: DATABASE_URL is the schema's owner.*DATABASE_OWNER_URL/,
    );
    expect(await refusal({ DATABASE_URL: superUrl, DATABASE_OWNER_URL: superUrl, PORT: port })).toMatch(
      /^refusing to start: DATABASE_URL logs in as postgres, a superuser/,
    );
    // The documented production setup: migrations as the owner, queries as a login role.
    const s = await start(
      quiet({
        DATABASE_OWNER_URL: superUrl,
        DATABASE_URL: appLoginUrl(superUrl, undefined),
        NODE_ENV: 'production',
        PORT: port,
      }),
    );
    try {
      const health = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(health.status).toBe(200);
    } finally {
      await s.close();
    }
  }, 120_000);
});
