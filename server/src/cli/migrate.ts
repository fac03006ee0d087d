import path from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { MIGRATIONS } from '../modules.ts';
import { systemClock } from '../platform/clock.ts';
import { lockDataDir } from '../platform/db/data-dir-lock.ts';
import { Database } from '../platform/db/database.ts';

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  const db = await Database.open({
    url: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    clock: systemClock,
  });
  try {
    const applied = await db.migrate(MIGRATIONS);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
    unlock();
  }
}

main().catch((err: unknown) => {
  console.error(`cliniclick migrate: ${err instanceof ConfigError ? err.message : (err as Error).message}`);
  process.exit(1);
});
