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
import type { PlatformDB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise PGlite in `dataDir` (or in memory when dataDir is undefined). */
  url?: string | undefined;
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

/**
 * One handle on the database, PGlite or a PostgreSQL server, with one SQL dialect.
 *
 * `owner` runs as the connecting role and is for migrations and catalog checks only.
 * Everything the app does goes through `scoped`, which switches to the non-owner
 * APP_ROLE for the transaction; tenant data goes through `withClinic` (tenancy.ts).
 */
export class Database {
  readonly kind: DatabaseKind;
  readonly owner: Kysely<PlatformDB>;
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
    dialect: Dialect,
    opts: DatabaseOptions,
    channel: (db: Database) => AccessChannel,
    pglite?: PGlite,
  ) {
    this.kind = kind;
    this.owner = new Kysely<PlatformDB>({ dialect });
    this.clock = opts.clock;
    this.#pglite = pglite;
    this.accessListener = new AccessListener(channel(this), opts.accessListener);
  }

  static async open(opts: DatabaseOptions): Promise<Database> {
    if (opts.url) {
      const pool = new pg.Pool({
        connectionString: opts.url,
        max: opts.poolSize ?? 10,
        types: pgTypes,
        Client: PreparingClient,
      });
      // Our own connections ask for the access payload as a NOTICE at commit (migration 0004),
      // so this instance drops its cached answers before its own COMMIT returns.
      let listener: AccessListener | undefined;
      const prefix = `${ACCESS_CHANNEL} `;
      pool.on('connect', (c) => {
        c.on('notice', (n) => {
          if (n.message?.startsWith(prefix)) listener?.ownChange(n.message.slice(prefix.length));
        });
        c.query("select set_config('cliniclick.access_notices', 'on', false)").catch(() => {});
      });
      // Fail fast and clearly on a bad URL instead of on the first request.
      const client = await pool.connect().catch(async (err: unknown) => {
        await pool.end().catch(() => {});
        throw err;
      });
      client.release();
      pool.on('error', () => {}); // idle-client errors surface on the next query instead
      const db = new Database(
        'postgres',
        new PostgresDialect({ pool }),
        opts,
        () => new PgAccessChannel(opts.url as string),
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
      new PGliteDialect(pglite),
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
    return this.owner.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${this.appRole}, true),
                     set_config('app.clinic_id', ${scope.clinicId ?? ''}, true),
                     set_config('app.user_id', ${scope.userId ?? ''}, true)`.execute(trx);
      if (scope.jobsRunner) await sql`select set_config('app.jobs', 'runner', true)`.execute(trx);
      return fn(trx);
    });
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.owner);
  }

  /** PGlite only: an image of the data directory, to open copies of it (`pgliteImage`). */
  async dumpPglite(): Promise<Blob> {
    if (!this.#pglite) throw new Error('dumpPglite: not a PGlite database');
    return this.#pglite.dumpDataDir('none');
  }

  async close(): Promise<void> {
    await this.accessListener.close();
    await this.owner.destroy();
    if (this.#pglite && !this.#pglite.closed) await this.#pglite.close();
  }
}
