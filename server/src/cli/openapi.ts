import { writeFileSync } from 'node:fs';
import { buildApp } from '../app.ts';
import { systemClock } from '../platform/clock.ts';
import { Database } from '../platform/db/database.ts';
import { InProcessEventBus } from '../platform/events/in-process.ts';

/**
 * `tsx server/src/cli/openapi.ts [file]`: writes the OpenAPI document the server serves at
 * /openapi.json, without listening or touching a real database (an empty in-memory one backs the
 * app while it is built). The web app's API types are generated from this output.
 */
async function main(): Promise<void> {
  const db = await Database.open({ clock: systemClock });
  const app = await buildApp({
    db,
    clock: systemClock,
    events: new InProcessEventBus(),
    outbox: { kick: () => {} },
    settings: {
      appSecret: 'openapi-openapi-openapi-openapi-openapi',
      publicUrl: 'http://localhost:3000',
      bodyLimit: 1_048_576,
      trustProxy: false,
      secureCookies: false,
      logLevel: 'silent',
    },
  });
  await app.ready();
  const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await db.close();
  const file = process.argv[2];
  if (file) writeFileSync(file, doc);
  else process.stdout.write(doc);
}

main().catch((err: unknown) => {
  console.error(`cliniclick openapi: ${(err as Error).message}`);
  process.exit(1);
});
