import { createHmac } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { type AppDeps, buildApp, createAppJobRunner } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { DEMO, demoClinicId, isEmpty, loginsWithDemoPassword, seedDemo } from './demo/seed.ts';
import { MIGRATIONS } from './modules.ts';
import { systemClock } from './platform/clock.ts';
import { lockDataDir } from './platform/db/data-dir-lock.ts';
import { Database } from './platform/db/database.ts';
import { createEventBus } from './platform/events/index.ts';
import { loggerOptions } from './platform/http/log-redaction.ts';
import { DEFAULT_WEB_DIST } from './platform/http/web.ts';
import type { JobRunner } from './platform/jobs/runner.ts';
import { createOutboxDispatcher, OUTBOX_SCHEDULE, outboxSchedule } from './platform/notify/outbox.ts';
import { createTransport } from './platform/notify/transports.ts';

/** A boot failure a person can act on: printed as one line, exit code 1, no stack trace. */
export class BootError extends Error {}

function describeDbError(err: unknown, config: Config): string {
  const e = err as NodeJS.ErrnoException & { message: string };
  if (!config.databaseUrl) return `cannot open the embedded database in ${config.dataDir}: ${e.message}`;
  const u = new URL(config.databaseUrl);
  return `cannot connect to PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname} (DATABASE_URL): ${e.code ?? ''} ${e.message}`.replace(
    /\s+/g,
    ' ',
  );
}

/** APP_LOGIN's password when it is made from an owner's URL: derived from APP_SECRET, so every instance agrees. */
function appLoginPassword(config: Config): string | undefined {
  if (!config.databaseUrl || config.databaseOwnerUrl) return undefined;
  return createHmac('sha256', config.appSecret).update('cliniclick database login').digest('base64url');
}

/**
 * The database roles the app's queries run as (issue 10, item 7): APP_ROLE must obey row-level
 * security, and on PostgreSQL the app's login must not be able to regain more than APP_ROLE
 * (superuser, BYPASSRLS, owner of the tables). In production (NODE_ENV=production) the login must
 * be the operator's own (DATABASE_URL with DATABASE_OWNER_URL), not one made from an owner's URL.
 * Answers a warning to log for setups that are allowed outside production only.
 */
async function checkDatabaseRoles(db: Database, config: Config): Promise<{ warning?: string }> {
  await db.assertAppRoleObeysRls();
  if (db.kind === 'pglite') return {};
  const howTo =
    'set DATABASE_OWNER_URL to the owner and DATABASE_URL to a login role (docs/OPERATIONS.md § Database roles)';
  const problem = await db.appLoginProblem();
  if (problem) {
    const message = `DATABASE_URL ${problem}: ${howTo}`;
    if (config.databaseOwnerUrl || config.production) throw new BootError(`refusing to start: ${message}`);
    return { warning: `${message}; refused when NODE_ENV=production` };
  }
  if (db.derivedLogin && config.production) {
    throw new BootError(
      `refusing to start: DATABASE_URL is the schema's owner (the app would keep its rights in its environment): ${howTo}`,
    );
  }
  return {};
}

/** A started server: what it runs with, and how to stop it (requests finish, jobs finish, all closed). */
export interface RunningServer {
  config: Config;
  /** The demo was seeded by this start. */
  seeded: boolean;
  /** Demo logins served beyond this machine with the published password (ALLOW_DEMO_PASSWORD=1). */
  exposedDemoLogins: string[];
  /** The demo clinic's id, when the demo is on. */
  demoClinicId: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts Cliniclick as `npm start` does, from `env`: opens and migrates the database, seeds the
 * demo when asked on an empty one, builds the app, listens, and starts the job runner. Rejects with
 * a ConfigError or BootError (one line a person can act on) and leaves nothing open.
 */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const embedded = !config.databaseUrl;
  const clock = systemClock;
  const logOptions = loggerOptions(config.logLevel);
  const log = pino(logOptions, logOptions.stream);
  // Checked before anything is opened: a missing provider setting is a boot error, not a send error.
  const transport = createTransport(config.notify);
  let unlock = (): void => {};
  if (embedded) {
    try {
      unlock = lockDataDir(config.dataDir);
    } catch (err) {
      throw new BootError((err as Error).message);
    }
  }

  const db = await Database.open({
    url: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    appLoginPassword: appLoginPassword(config),
    dataDir: embedded ? path.join(config.dataDir, 'pglite') : undefined,
    poolSize: config.dbPoolSize,
    clock,
  }).catch((err: unknown) => {
    unlock();
    throw new BootError(describeDbError(err, config));
  });
  const fail = async (message: string): Promise<never> => {
    await db.close().catch(() => {});
    unlock();
    throw new BootError(message);
  };

  await db.migrate(MIGRATIONS).catch((err: unknown) => fail(`migrations failed: ${(err as Error).message}`));
  const roles = await checkDatabaseRoles(db, config).catch((err: unknown) => fail((err as Error).message));
  if (roles.warning) log.warn(roles.warning);
  const seeded = config.seedDemo && (await isEmpty(db)) ? await seedDemo(db) : false;
  const demoClinic = config.seedDemo ? await demoClinicId(db) : undefined;
  // From here on the process holds no connection of the schema's owner.
  await db.releaseOwner();

  // Other machines may reach this server: the demo's published password must not open it.
  const exposedDemoLogins = isLoopbackHost(config.host) ? [] : await loginsWithDemoPassword(db);
  if (exposedDemoLogins.length > 0 && !config.allowDemoPassword) {
    await fail(
      `refusing to listen on ${config.host}: ${exposedDemoLogins.join(', ')} still sign in with the demo's published password "${DEMO.password}". ` +
        'Change those passwords, or listen on this machine only (HOST=127.0.0.1), or set ALLOW_DEMO_PASSWORD=1 to serve the demo to your network anyway',
    );
  }

  const events = await createEventBus({ redisUrl: config.redisUrl, logger: log }).catch((err: unknown) =>
    fail((err as Error).message),
  );
  const dispatcher = createOutboxDispatcher({ db, transport, clock, logger: log });
  // Jobs, schedules (housekeeping, hold sweeps, the outbox) and events written by tx.emit run here.
  let jobs: JobRunner | undefined;
  const deps: AppDeps = {
    db,
    clock,
    events,
    // A commit that queued a message sends it at once instead of at the next poll.
    outbox: { kick: () => jobs?.trigger(OUTBOX_SCHEDULE) },
    settings: {
      appSecret: config.appSecret,
      smsStatusSecret: config.notify.smsSecret,
      publicUrl: config.publicUrl,
      bodyLimit: config.bodyLimit,
      sessionCacheMs: config.sessionCacheMs,
      slotsCacheMs: config.slotsCacheMs,
      trustProxy: config.trustProxy,
      secureCookies: config.secureCookies,
      logLevel: config.logLevel,
      defaultMetrics: true,
      // Without METRICS_TOKEN only the embedded server serves /metrics, to this machine.
      metrics: { token: config.metricsToken, loopback: embedded },
      allowAdminWithoutMfa: config.allowAdminWithoutMfa,
      webDistDir: DEFAULT_WEB_DIST,
    },
  };
  jobs = createAppJobRunner(deps, {
    extra: { schedules: [outboxSchedule(dispatcher)] },
    logger: log.child({ component: 'jobs' }),
    concurrency: embedded ? 2 : 4,
  });
  const runner = jobs;
  const app = await buildApp(deps);

  const close = async (): Promise<void> => {
    await app.close().catch(() => {}); // stops accepting, lets in-flight requests finish
    await runner.stop().catch(() => {}); // waits for the jobs and schedules running here
    await events.close().catch(() => {});
    await transport.close?.().catch(() => {});
    await db.close().catch(() => {});
    unlock();
  };

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    await app.close().catch(() => {});
    await events.close().catch(() => {});
    await transport.close?.().catch(() => {});
    const message =
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use; stop the other server or set PORT`
        : code === 'EACCES'
          ? `not allowed to listen on port ${config.port}; set PORT to 1024 or above`
          : `cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`;
    await fail(message);
  }
  runner.start();
  return { config, seeded, exposedDemoLogins, demoClinicId: demoClinic, close };
}

/** Whether `host` lets only this machine connect (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);
}

/** The one line printed (after `cliniclick: `) when a start fails. */
export function bootFailureLine(err: unknown): string {
  return err instanceof ConfigError || err instanceof BootError
    ? err.message
    : `failed to start: ${(err as Error).message}`;
}
