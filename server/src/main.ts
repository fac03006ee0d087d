import path from 'node:path';
import pino from 'pino';
import { type AppDeps, buildApp, createAppJobRunner } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { DEMO, isEmpty, seedDemo } from './demo/seed.ts';
import { MIGRATIONS } from './modules.ts';
import { systemClock } from './platform/clock.ts';
import { lockDataDir } from './platform/db/data-dir-lock.ts';
import { Database } from './platform/db/database.ts';
import { createEventBus } from './platform/events/index.ts';
import { DEFAULT_WEB_DIST } from './platform/http/web.ts';
import type { JobRunner } from './platform/jobs/runner.ts';
import { createOutboxDispatcher, OUTBOX_SCHEDULE, outboxSchedule } from './platform/notify/outbox.ts';
import { createTransport } from './platform/notify/transports.ts';

/** A boot failure a person can act on: printed as one line, exit code 1, no stack trace. */
class BootError extends Error {}

function describeDbError(err: unknown, config: Config): string {
  const e = err as NodeJS.ErrnoException & { message: string };
  if (!config.databaseUrl) return `cannot open the embedded database in ${config.dataDir}: ${e.message}`;
  const u = new URL(config.databaseUrl);
  return `cannot connect to PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname} (DATABASE_URL): ${e.code ?? ''} ${e.message}`.replace(
    /\s+/g,
    ' ',
  );
}

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = !config.databaseUrl;
  const clock = systemClock;
  const log = pino({ level: config.logLevel });
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
  await db.assertAppRoleObeysRls().catch((err: unknown) => fail((err as Error).message));
  const seeded = config.seedDemo && (await isEmpty(db)) ? await seedDemo(db) : false;

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
      publicUrl: config.publicUrl,
      bodyLimit: config.bodyLimit,
      sessionCacheMs: config.sessionCacheMs,
      slotsCacheMs: config.slotsCacheMs,
      trustProxy: config.trustProxy,
      secureCookies: config.secureCookies,
      logLevel: config.logLevel,
      defaultMetrics: true,
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

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close().catch(() => {}); // stops accepting, lets in-flight requests finish
    await runner.stop().catch(() => {}); // waits for the jobs and schedules running here
    await events.close().catch(() => {});
    await transport.close?.().catch(() => {});
    await db.close().catch(() => {});
    unlock();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    await app.close().catch(() => {});
    await events.close().catch(() => {});
    const message =
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use; stop the other server or set PORT`
        : code === 'EACCES'
          ? `not allowed to listen on port ${config.port}; set PORT to 1024 or above`
          : `cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`;
    await fail(message);
  }
  runner.start();
  printWelcome(config, seeded);
}

function printWelcome(config: Config, seeded: boolean): void {
  const url = config.publicUrl;
  const lines = [
    '',
    `Cliniclick is running at ${url}`,
    `  Web app         ${url}/app/`,
    `  API reference   ${url}/docs`,
    `  Health          ${url}/healthz`,
    `  Database        ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${path.join(config.dataDir, 'pglite')}`}`,
    `  Events          ${config.redisUrl ? 'Redis (REDIS_URL)' : 'in-process'}`,
  ];
  if (config.notify.transport === 'outbox')
    lines.push(`  SMS and email   written to ${config.notify.outboxFile}`);
  if (config.seedDemo) {
    lines.push(
      '',
      seeded
        ? 'Demo seeded. Sign in with password "cliniclick-demo":'
        : 'Demo logins (password "cliniclick-demo"):',
      `  platform admin  ${DEMO.admin}`,
      ...DEMO.staff.map((s) => `  ${s.role.padEnd(15)} ${s.email}`),
      `  patient         phone ${DEMO.patient.phone} (the code arrives in the outbox file)`,
      `  clinic slug     ${DEMO.clinic.slug}`,
    );
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  const message =
    err instanceof ConfigError || err instanceof BootError
      ? err.message
      : `failed to start: ${(err as Error).message}`;
  console.error(`cliniclick: ${message}`);
  process.exit(1);
});
