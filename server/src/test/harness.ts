import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RouteHandlerMethod, RouteOptions } from 'fastify';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type App, type AppDeps, buildApp, createAppJobRunner } from '../app.ts';
import { type AppDB, MIGRATIONS } from '../modules.ts';
import type { Access } from '../platform/access/permissions.ts';
import type { ModuleManifest } from '../platform/assembly/manifest.ts';
import { assembleMigrations } from '../platform/assembly/registry.ts';
import { hashPassword } from '../platform/auth/crypto.ts';
import { createSession } from '../platform/auth/sessions.ts';
import { ManualClock } from '../platform/clock.ts';
import type { AccessListenerOptions } from '../platform/db/access-listener.ts';
import { Database, type DatabaseKind } from '../platform/db/database.ts';
import { newId } from '../platform/db/ids.ts';
import { platformMigrations } from '../platform/db/migrations/index.ts';
import type { ClinicRole } from '../platform/db/schema.ts';
import { withClinic, withGlobal } from '../platform/db/tenancy.ts';
import type { EventBus } from '../platform/events/bus.ts';
import { InProcessEventBus } from '../platform/events/in-process.ts';
import type { JobRunner } from '../platform/jobs/runner.ts';
import type { LiveLimits } from '../platform/live/gateway.ts';
import type { OutboxSignal } from '../platform/notify/message.ts';

/** The PostgreSQL server the suite runs on too, when one is given. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
export const databaseKinds: DatabaseKind[] = testDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  kind: DatabaseKind;
  app: App;
  db: Database;
  clock: ManualClock;
  kicks: { count: number };
  /**
   * The app's job runner. It runs a commit's jobs at once (events written by tx.emit are
   * published as the request ends); it polls (retries, schedules) only with `runJobs`, so a
   * test's clock jumps do not set off sweeps. Tests call `runDue()` / `fireSchedules()` instead.
   */
  jobs: JobRunner;
  /** What the app was built from (a test that starts a second job runner, as a restarted process would). */
  deps: AppDeps;
  /** Every /api route as registered, with its declared access (for tests that walk the route table). */
  routes: ApiRoute[];
  /** Ids of the requests whose route handler ran (i.e. that got past the access check and validation). */
  reached: Set<string>;
  close(): Promise<void>;
}

export interface ApiRoute {
  method: string;
  url: string;
  access: Access;
}

/** Records /api routes and wraps their handlers to note which requests reached them. */
function routeRecorder(routes: ApiRoute[], reached: Set<string>): (route: RouteOptions) => void {
  return (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) return; // the access hook refuses to start; nothing to record
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
    const handler = route.handler;
    const wrapped: RouteHandlerMethod = function (this: unknown, request, reply) {
      reached.add(request.id);
      return (handler as (this: unknown, ...args: unknown[]) => unknown).call(this, request, reply);
    } as RouteHandlerMethod;
    route.handler = wrapped;
  };
}

/** Opens a database of `kind` (migrated) and builds the app on it. */
export async function startTestApp(
  kind: DatabaseKind,
  overrides: Partial<{
    bodyLimit: number;
    events: EventBus;
    url: string;
    trustProxy: number;
    webDistDir: string;
    /** Other modules than the app's (the module-contract test adds one): PGlite only, so no shared database keeps its tables. */
    modules: readonly ModuleManifest[];
    /** Timings of the database's access listener (poll, reconnect). */
    accessListener: AccessListenerOptions;
    sessionCacheMs: number;
    /** Start the job runner's polling (every `pollMs`, default 20 ms) and schedules. */
    runJobs: boolean;
    pollMs: number;
    /** Where the app's log lines go (at level `logLevel`, default info); silent otherwise. */
    logStream: DestinationStream;
    logLevel: string;
    metricsToken: string;
    /** Platform admins without a second factor (default: allowed, as in the demo). */
    allowAdminWithoutMfa: boolean;
    liveLimits: Partial<LiveLimits>;
  }> = {},
): Promise<TestApp> {
  const clock = new ManualClock(new Date());
  const db = await Database.open({
    url: kind === 'postgres' ? (overrides.url ?? testDatabaseUrl) : undefined,
    clock,
    poolSize: 10,
    // The migrated image (test/global-setup.ts) holds the app's modules only.
    pgliteImage: kind === 'pglite' && sameMigrations(overrides.modules) ? migratedPglite() : undefined,
    ...(overrides.accessListener ? { accessListener: overrides.accessListener } : {}),
  });
  await db.migrate(
    overrides.modules ? assembleMigrations(platformMigrations, overrides.modules) : MIGRATIONS,
  );
  await db.assertAppRoleObeysRls();
  const kicks = { count: 0 };
  const outbox: OutboxSignal = { kick: () => void kicks.count++ };
  const routes: ApiRoute[] = [];
  const reached = new Set<string>();
  const deps: AppDeps = {
    db,
    clock,
    events: overrides.events ?? new InProcessEventBus(),
    outbox,
    onRoute: routeRecorder(routes, reached),
    ...(overrides.logStream ? { logStream: overrides.logStream } : {}),
    settings: {
      appSecret: TEST_SECRET,
      publicUrl: 'http://localhost:3000',
      bodyLimit: overrides.bodyLimit ?? 1_048_576,
      trustProxy: overrides.trustProxy ?? false,
      secureCookies: false,
      logLevel: overrides.logStream
        ? (overrides.logLevel ?? 'info')
        : (process.env.TEST_LOG_LEVEL ?? 'silent'),
      // As the embedded demo: inject()'s requests come from loopback.
      metrics: { loopback: true, ...(overrides.metricsToken ? { token: overrides.metricsToken } : {}) },
      webDistDir: overrides.webDistDir,
      allowAdminWithoutMfa: overrides.allowAdminWithoutMfa ?? true,
      ...(overrides.sessionCacheMs !== undefined ? { sessionCacheMs: overrides.sessionCacheMs } : {}),
      ...(overrides.liveLimits ? { liveLimits: overrides.liveLimits } : {}),
    },
  };
  const jobs = createAppJobRunner(deps, {
    ...(overrides.modules ? { modules: overrides.modules } : {}),
    pollMs: overrides.pollMs ?? 20,
  });
  const app = await buildApp(deps, overrides.modules);
  await app.ready();
  if (overrides.runJobs) jobs.start();
  else jobs.listen();
  return {
    kind,
    app,
    db,
    clock,
    kicks,
    jobs,
    deps,
    routes,
    reached,
    async close() {
      await app.close();
      await jobs.stop();
      await db.close();
    },
  };
}

/** Whether `modules` (none: the app's) migrate to the app's schema, so the migrated image fits. */
function sameMigrations(modules: readonly ModuleManifest[] | undefined): boolean {
  if (!modules) return true;
  const names = Object.keys(assembleMigrations(platformMigrations, modules));
  return names.length === Object.keys(MIGRATIONS).length && names.every((n) => n in MIGRATIONS);
}

let migratedImage: Uint8Array<ArrayBuffer> | undefined;

/** The run's migrated PGlite image (test/global-setup.ts), read once per worker; none outside Vitest's setup. */
export function migratedPglite(): Blob | undefined {
  const file = inject('pgliteImage');
  if (!file) return undefined;
  migratedImage ??= new Uint8Array(readFileSync(file));
  return new Blob([migratedImage]);
}

/**
 * `describe` once per database kind: PGlite always, the PostgreSQL server when
 * TEST_DATABASE_URL or DATABASE_URL is set. The body gets a getter for its started TestApp.
 */
export function describeEachDb(name: string, body: (t: () => TestApp) => void): void {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let current: TestApp | undefined;
      beforeAll(async () => {
        current = await startTestApp(kind);
      });
      afterAll(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('TestApp not started');
        return current;
      });
    });
  }
}

/**
 * SQL sent as psql or the CLI would: on PostgreSQL over a connection of its own (not the app's
 * pool); on PGlite, which has one connection, straight to it outside any app transaction.
 */
export async function sqlFromOutside(t: TestApp, text: string, params: unknown[] = []): Promise<void> {
  if (t.kind === 'postgres') {
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      await client.query(text, params);
    } finally {
      await client.end();
    }
    return;
  }
  await t.db.owner.executeQuery(CompiledQuery.raw(text, params));
}

export function uniqueSlug(prefix = 'c'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface TestClinic {
  id: string;
  slug: string;
  owner: TestUser;
  doctor: TestUser;
  secretary: TestUser;
  patient: TestUser & { phone: string };
}

let cachedHash: Promise<string> | undefined;

/**
 * A +1 555 number no identity has yet. Phones are global (one identity per number), and 10^7
 * random numbers meet by the birthday bound: hundreds of clinics a run on one PostgreSQL
 * database collided about once in a hundred runs.
 */
async function unusedPhone(t: TestApp): Promise<string> {
  for (;;) {
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const taken = await t.db.owner
      .selectFrom('identities')
      .select('id')
      .where('kind', '=', 'phone')
      .where('value', '=', phone)
      .executeTakeFirst();
    if (!taken) return phone;
  }
}

/**
 * A fresh clinic with one user per role, each able to sign in with TEST_PASSWORD
 * (the patient also has a phone). Every test makes its own; nothing is shared or truncated.
 */
export async function createTestClinic(t: TestApp, opts: { timeZone?: string } = {}): Promise<TestClinic> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await cachedHash;
  const slug = uniqueSlug();
  const clinicId = newId();
  const phone = await unusedPhone(t);
  const users = {} as Record<ClinicRole, TestUser>;
  await withClinic(t.db, clinicId, { kind: 'system', userId: null }, async (tx) => {
    await tx.db
      .insertInto('clinics')
      .values({
        id: clinicId,
        slug,
        name: `Clinic ${slug}`,
        time_zone: opts.timeZone ?? 'America/New_York',
        currency: 'USD',
        locale: 'en',
      })
      .execute();
    for (const role of ['owner', 'doctor', 'secretary', 'patient'] as const) {
      const id = newId();
      const email = `${role}@${slug}.test`;
      await tx.db
        .insertInto('users')
        .values({ id, name: `${role} ${slug}`, locale: null, platform_role: null })
        .execute();
      await tx.db
        .insertInto('identities')
        .values({
          id: newId(),
          user_id: id,
          kind: 'email',
          value: email,
          password_hash: passwordHash,
          verified_at: tx.now, // made by the system, like the demo seed: the email is trusted
        })
        .execute();
      if (role === 'patient') {
        await tx.db
          .insertInto('identities')
          .values({
            id: newId(),
            user_id: id,
            kind: 'phone',
            value: phone,
            password_hash: null,
            verified_at: tx.now,
          })
          .execute();
      }
      await tx.db
        .insertInto('memberships')
        .values({ clinic_id: clinicId, user_id: id, role, created_by: null })
        .execute();
      users[role] = { id, email, password: TEST_PASSWORD };
    }
    await tx.audit({ action: 'clinic.created', entityType: 'clinic', entityId: clinicId, data: { slug } });
  });
  return { id: clinicId, slug, ...users, patient: { ...users.patient, phone } } as TestClinic;
}

/** A platform admin who can sign in with TEST_PASSWORD. */
export async function createTestAdmin(t: TestApp): Promise<TestUser> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await cachedHash;
  const id = newId();
  const email = `admin-${randomBytes(4).toString('hex')}@platform.test`;
  await t.db.scoped({}, async (trx) => {
    await trx
      .insertInto('users')
      .values({ id, name: 'Platform admin', locale: null, platform_role: 'admin' })
      .execute();
    await trx
      .insertInto('identities')
      .values({
        id: newId(),
        user_id: id,
        kind: 'email',
        value: email,
        password_hash: passwordHash,
        verified_at: t.clock.now(),
      })
      .execute();
  });
  return { id, email, password: TEST_PASSWORD };
}

/**
 * A random client address (TEST-NET-ish 10.x). Login and OTP throttles count per IP in the
 * database; on a shared PostgreSQL every test file (and every clock a test moved) would otherwise
 * share the 127.0.0.1 counters and trip each other's limits.
 */
/**
 * A distinct loopback address per sign-in: the per-IP throttles count in the database, which on
 * PostgreSQL outlives one test run, so many sign-ins from one address would trip them.
 */
export function randomIp(): string {
  const b = randomBytes(3);
  return `127.${b[0]}.${b[1]}.${(b[2]! % 254) + 1}`;
}

export interface Signed {
  userId: string;
  token: string;
  csrfToken: string;
  cookie: string;
  auth: { authorization: string };
}

/** Signs in through the API from a fresh address; returns the bearer token (and the cookie/CSRF pair). */
export async function login(
  t: TestApp,
  user: { email: string; password: string },
  opts: { ip?: string } = {},
): Promise<Signed> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
    remoteAddress: opts.ip ?? randomIp(),
  });
  if (res.statusCode !== 200) throw new Error(`login failed ${res.statusCode}: ${res.body}`);
  const body = res.json() as { token: string; csrfToken: string; user: { id: string } };
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return {
    userId: body.user.id,
    token: body.token,
    csrfToken: body.csrfToken,
    cookie,
    auth: { authorization: `Bearer ${body.token}` },
  };
}

/** A session for `userId` made directly (no password, no argon2): for tests that need many. */
export async function sessionFor(
  t: TestApp,
  userId: string,
): Promise<{ token: string; sessionId: string; auth: { authorization: string } }> {
  const s = await withGlobal(t.db, { kind: 'system', userId: null }, (tx) =>
    createSession(tx, userId, 'password', { ip: '10.0.0.1' }),
  );
  return { token: s.token, sessionId: s.sessionId, auth: { authorization: `Bearer ${s.token}` } };
}

/**
 * The newest SMS queued for a phone (from the outbox table), e.g. an OTP. Messages about
 * appointments (the notices module's confirmations and reminders, queued by jobs that may run
 * after a later sign-in code) are left out: read those with the notices tests' helpers.
 */
export async function lastSmsTo(t: TestApp, phone: string): Promise<string | undefined> {
  const row = await ownerDb(t.db)
    .selectFrom('outbox')
    .select('body')
    .where('recipient', '=', phone)
    .where('channel', '=', 'sms')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('appointment_messages as m')
            .select('m.outbox_id')
            .whereRef('m.outbox_id', '=', 'outbox.id'),
        ),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.body;
}

export function otpFrom(sms: string | undefined): string {
  const m = /\b(\d{6})\b/.exec(sms ?? '');
  if (!m) throw new Error(`no code in SMS: ${sms}`);
  return m[1]!;
}

/** The owner's connection typed with every table of the app, for tests that read across modules. */
export function ownerDb(db: Database): Kysely<AppDB> {
  return db.owner as unknown as Kysely<AppDB>;
}
