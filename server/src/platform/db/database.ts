import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import {
  type Dialect,
  Kysely,
  type Migration,
  Migrator,
  PostgresDialect,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Clock } from '../clock.ts';
import { JobWake } from '../jobs/wake.ts';
import {
  ACCESS_CHANNEL,
  type AccessChannel,
  AccessListener,
  type AccessListenerOptions,
  PGliteAccessChannel,
  PgAccessChannel,
} from './access-listener.ts';
import { APP_ROLE } from './migrations/helpers.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { PreparingClient } from './prepared.ts';
import {
  appLoginUrl,
  canDeriveLogin,
  ensureAppLogin,
  isAuthFailure,
  loginFacts,
  loginProblem,
  setAppLoginPassword,
} from './roles.ts';
import type { PlatformDB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /**
   * postgres://… for a server; otherwise PGlite in `dataDir` (or in memory when dataDir is undefined).
   * With `ownerUrl`, the app's own login. Without it, the owner's URL: if that role may create
   * roles, the app's pool logs in as APP_LOGIN instead (made here), never as the owner.
   */
  url?: string | undefined;
  /** PostgreSQL: the schema owner's URL, for migrations only (`DATABASE_OWNER_URL`). */
  ownerUrl?: string | undefined;
  /** PostgreSQL: APP_LOGIN's password, when it is derived from an owner's URL and the server asks for one. */
  appLoginPassword?: string | undefined;
  dataDir?: string | undefined;
  /**
   * PGlite only: start from this image of a data directory (from `dumpPglite`) instead of an
   * empty one. Tests start every database from one migrated image instead of migrating each.
   */
  pgliteImage?: Blob | undefined;
  poolSize?: number;
  clock: Clock;
  /** Timings of the access listener (tests shorten or lengthen them). */
  accessListener?: AccessListenerOptions;
}

/** Who does a thing: recorded on every audit event. */
export interface Actor {
  kind: 'user' | 'admin' | 'system' | 'public';
  userId: string | null;
  requestId?: string | undefined;
  ip?: string | undefined;
}

export const systemActor: Actor = { kind: 'system', userId: null };

const INT8 = 20;
const DATE = 1082;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads
    return (pg.types.getTypeParser as any)(oid, format);
  },
};

function pgPool(url: string, max: number, onNotice: (payload: string) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes, Client: PreparingClient });
  // Our own connections ask for the access payload as a NOTICE at commit (migration 0004),
  // so this instance drops its cached answers before its own COMMIT returns.
  const prefix = `${ACCESS_CHANNEL} `;
  pool.on('connect', (c) => {
    c.on('notice', (n) => {
      if (n.message?.startsWith(prefix)) onNotice(n.message.slice(prefix.length));
    });
    c.query("select set_config('cliniclick.access_notices', 'on', false)").catch(() => {});
  });
  return pool;
}

/** Fails fast and clearly on a bad URL or a refused login instead of on the first request. */
async function tryConnect(pool: pg.Pool): Promise<void> {
  const client = await pool.connect().catch(async (err: unknown) => {
    await pool.end().catch(() => {});
    throw err;
  });
  client.release();
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
}

/**
 * One handle on the database, PGlite or a PostgreSQL server, with one SQL dialect.
 *
 * `owner` runs as the schema's owner and is for migrations and catalog checks only (boot releases
 * it once migrated). Everything the app does goes through `scoped`, on the app's own pool: on
 * PostgreSQL that pool logs in as a role that is no superuser, owns nothing and is a member of
 * APP_ROLE only (platform/db/roles.ts), and each transaction switches to APP_ROLE; tenant data
 * goes through `withClinic` (tenancy.ts). PGlite has one session, a superuser: there the switch
 * to APP_ROLE is the wall (see docs/SECURITY.md for what that leaves).
 */
export class Database {
  readonly kind: DatabaseKind;
  readonly owner: Kysely<PlatformDB>;
  /** The app's queries: a pool of the app's login (PGlite: the same handle as `owner`). */
  readonly #app: Kysely<PlatformDB>;
  /** PostgreSQL: the app logs in as APP_LOGIN, made from an owner's URL (no DATABASE_OWNER_URL given). */
  readonly derivedLogin: boolean;
  #closed = false;
  #ownerReleased = false;
  readonly clock: Clock;
  readonly appRole = APP_ROLE;
  /**
   * Hears committed access changes from the database's own triggers (migration 0004), whoever
   * made them; caches of access decisions follow it. Not started until something needs it.
   */
  readonly accessListener: AccessListener;
  /** Jobs committed for now, handed to this process's job runners (platform/jobs). */
  readonly jobWake = new JobWake();
  readonly #pglite: PGlite | undefined;

  private constructor(
    kind: DatabaseKind,
    dialects: { owner: Dialect; app?: Dialect; derivedLogin?: boolean },
    opts: DatabaseOptions,
    channel: (db: Database) => AccessChannel,
    pglite?: PGlite,
  ) {
    this.kind = kind;
    this.owner = new Kysely<PlatformDB>({ dialect: dialects.owner });
    // PGlite is one connection behind one driver's mutex: a second Kysely would bypass it.
    this.#app = dialects.app ? new Kysely<PlatformDB>({ dialect: dialects.app }) : this.owner;
    this.derivedLogin = dialects.derivedLogin ?? false;
    this.clock = opts.clock;
    this.#pglite = pglite;
    this.accessListener = new AccessListener(channel(this), opts.accessListener);
  }

  static async open(opts: DatabaseOptions): Promise<Database> {
    if (opts.url) {
      let listener: AccessListener | undefined;
      const notice = (payload: string) => listener?.ownChange(payload);
      const ownerPool = pgPool(opts.ownerUrl ?? opts.url, 2, notice);
      await tryConnect(ownerPool);
      const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: ownerPool }) });
      let appUrl = opts.url;
      let derivedLogin = false;
      let appPool: pg.Pool;
      try {
        if (!opts.ownerUrl && canDeriveLogin(await loginFacts(owner))) {
          await ensureAppLogin(owner);
          derivedLogin = true;
          appUrl = appLoginUrl(opts.url, opts.appLoginPassword);
        }
        appPool = pgPool(appUrl, opts.poolSize ?? 10, notice);
        await tryConnect(appPool).catch(async (err: unknown) => {
          // A derived login's password is set only when the server asks for one.
          if (!derivedLogin || !opts.appLoginPassword || !isAuthFailure(err)) throw err;
          await setAppLoginPassword(owner, opts.appLoginPassword);
          appPool = pgPool(appUrl, opts.poolSize ?? 10, notice);
          await tryConnect(appPool);
        });
      } catch (err) {
        await ownerPool.end().catch(() => {});
        throw err;
      }
      const db = new Database(
        'postgres',
        {
          owner: new PostgresDialect({ pool: ownerPool }),
          app: new PostgresDialect({ pool: appPool }),
          derivedLogin,
        },
        opts,
        () => new PgAccessChannel(appUrl),
      );
      listener = db.accessListener;
      return db;
    }
    const pglite = await PGlite.create({
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.pgliteImage ? { loadDataDir: opts.pgliteImage } : {}),
      parsers: { [DATE]: (v: string) => v },
      // Exclusion constraints over (clinic, doctor, time range) need it (migration 0003).
      extensions: { btree_gist },
    });
    return new Database(
      'pglite',
      { owner: new PGliteDialect(pglite) },
      opts,
      (db) => new PGliteAccessChannel(pglite, (fn) => db.owner.connection().execute(() => fn())),
      pglite,
    );
  }

  /** Applies pending migrations (the app assembles the list: platform/assembly/registry.ts). On PostgreSQL, Kysely holds an advisory lock, so racing instances take turns. */
  async migrate(migrations: Readonly<Record<string, Migration>>): Promise<string[]> {
    const migrator = new Migrator({
      db: this.owner,
      provider: { getMigrations: async () => ({ ...migrations }) },
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /**
   * The server must not run tenant queries as a role that ignores row-level security.
   * Throws when APP_ROLE is a superuser or has BYPASSRLS.
   */
  async assertAppRoleObeysRls(): Promise<void> {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
      select rolsuper, rolbypassrls from pg_roles where rolname = ${this.appRole}`.execute(this.owner);
    const role = rows[0];
    if (!role) throw new Error(`database role ${this.appRole} does not exist: run the migrations`);
    if (role.rolsuper || role.rolbypassrls) {
      throw new Error(
        `database role ${this.appRole} can bypass row-level security (superuser or BYPASSRLS): refusing to start`,
      );
    }
  }

  /**
   * A transaction as APP_ROLE with the given tenant settings. The ONLY place that sets the role
   * and `app.clinic_id` / `app.user_id`; both are transaction-local (`set_config(…, true)`),
   * so nothing leaks to the next user of a pooled connection. `jobsRunner` marks the job
   * runner's own transactions, the only ones that see every clinic's queued jobs.
   */
  async scoped<T>(
    scope: { clinicId?: string | null; userId?: string | null; jobsRunner?: boolean },
    fn: (trx: Transaction<PlatformDB>) => Promise<T>,
  ): Promise<T> {
    return this.#app.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${this.appRole}, true),
                     set_config('app.clinic_id', ${scope.clinicId ?? ''}, true),
                     set_config('app.user_id', ${scope.userId ?? ''}, true)`.execute(trx);
      if (scope.jobsRunner) await sql`select set_config('app.jobs', 'runner', true)`.execute(trx);
      return fn(trx);
    });
  }

  async ping(): Promise<void> {
    // A closed Kysely whose pool is made by a function would quietly open a new one.
    if (this.#closed) throw new Error('the database is closed');
    await sql`select 1`.execute(this.#app);
  }

  /**
   * PostgreSQL: what the app's login could do beyond APP_ROLE, or null when nothing (it is no
   * superuser, has no BYPASSRLS, owns nothing and is a member of APP_ROLE). PGlite: always null,
   * its one session is a superuser by construction (docs/SECURITY.md).
   */
  async appLoginProblem(): Promise<string | null> {
    if (this.kind === 'pglite') return null;
    return loginProblem(await loginFacts(this.#app));
  }

  /** Closes the owner's connections (PostgreSQL): a running server keeps none. `owner` fails afterwards. */
  async releaseOwner(): Promise<void> {
    if (this.kind === 'pglite' || this.#ownerReleased) return;
    this.#ownerReleased = true;
    await this.owner.destroy();
  }

  /** PGlite only: an image of the data directory, to open copies of it (`pgliteImage`). */
  async dumpPglite(): Promise<Blob> {
    if (!this.#pglite) throw new Error('dumpPglite: not a PGlite database');
    return this.#pglite.dumpDataDir('none');
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.accessListener.close();
    if (this.#app !== this.owner) await this.#app.destroy();
    if (!this.#ownerReleased) await this.owner.destroy();
    if (this.#pglite && !this.#pglite.closed) await this.#pglite.close();
  }
}
