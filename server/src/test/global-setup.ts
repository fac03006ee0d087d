import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS } from '../modules.ts';
import { ManualClock } from '../platform/clock.ts';
import { Database } from '../platform/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding a migrated PGlite data directory, for test databases to start from. */
    pgliteImage: string;
  }
}

/**
 * Once per run: a PGlite database with every migration applied, dumped to a file. Each PGlite test
 * database starts from it (about a third of a cold start, and no migrations); it is rebuilt every
 * run, so it always holds the current migrations.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cliniclick-pglite-image-'));
  const file = path.join(dir, 'migrated.tar');
  const db = await Database.open({ clock: new ManualClock(new Date()) });
  try {
    await db.migrate(MIGRATIONS);
    writeFileSync(file, Buffer.from(await (await db.dumpPglite()).arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('pgliteImage', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
