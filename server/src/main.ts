import path from 'node:path';
import { bootFailureLine, isLoopbackHost, type RunningServer, start } from './boot.ts';
import type { Config } from './config.ts';
import { DEMO } from './demo/seed.ts';
import { demoDisplayUrl } from './modules/queue/index.ts';

/** `npm start`: the server until SIGTERM or SIGINT; a failed start is one line and exit code 1. */
async function main(): Promise<void> {
  const server: RunningServer = await start(process.env);
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  printWelcome(server.config, server.seeded, server.exposedDemoLogins, server.demoClinicId);
}

function printWelcome(
  config: Config,
  seeded: boolean,
  exposedDemoLogins: string[],
  demoClinicId: string | undefined,
): void {
  const url = config.publicUrl;
  const lines = [
    '',
    `Cliniclick is running at ${url}`,
    `  Web app         ${url}/app/`,
    `  API reference   ${url}/docs`,
    `  Health          ${url}/healthz`,
    `  Metrics         ${url}/metrics ${
      config.metricsToken
        ? '(Authorization: Bearer $METRICS_TOKEN)'
        : config.databaseUrl
          ? '(off: set METRICS_TOKEN)'
          : '(from this machine only; set METRICS_TOKEN for a scraper)'
    }`,
    `  Listening on    ${config.host}:${config.port}${
      isLoopbackHost(config.host) && config.hostDefaulted
        ? ' (this machine only; set HOST=0.0.0.0 to accept other machines)'
        : ''
    }`,
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
      ...(demoClinicId ? [`  waiting-room TV ${demoDisplayUrl(config, demoClinicId)}`] : []),
    );
  }
  if (exposedDemoLogins.length > 0) {
    lines.push(
      '',
      `WARNING: ALLOW_DEMO_PASSWORD=1 and listening on ${config.host}: anyone who can reach this server can`,
      `sign in as ${exposedDemoLogins.join(', ')} with the published password "${DEMO.password}".`,
    );
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  console.error(`cliniclick: ${bootFailureLine(err)}`);
  process.exit(1);
});
