import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../app.ts';
import { systemClock } from '../platform/clock.ts';
import { Database } from '../platform/db/database.ts';
import { InProcessEventBus } from '../platform/events/in-process.ts';

/**
 * The OpenAPI document the server serves at /openapi.json for a deployment at `publicUrl`, built
 * without listening or touching a real database (an empty in-memory one backs the app meanwhile).
 */
export async function openApiDocument(publicUrl: string): Promise<Record<string, unknown>> {
  const db = await Database.open({ clock: systemClock });
  const app = await buildApp({
    db,
    clock: systemClock,
    events: new InProcessEventBus(),
    outbox: { kick: () => {} },
    settings: {
      appSecret: 'openapi-openapi-openapi-openapi-openapi',
      publicUrl,
      bodyLimit: 1_048_576,
      trustProxy: false,
      secureCookies: false,
      logLevel: 'silent',
    },
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await db.close();
  }
}

/**
 * `tsx server/src/cli/openapi.ts [file]`: writes the document (for the demo's address,
 * http://localhost:3000). The web app's API types are generated from this output.
 */
async function main(): Promise<void> {
  const doc = `${JSON.stringify(await openApiDocument('http://localhost:3000'), null, 2)}\n`;
  const file = process.argv[2];
  if (file) writeFileSync(file, doc);
  else process.stdout.write(doc);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(`cliniclick openapi: ${(err as Error).message}`);
    process.exit(1);
  });
}
