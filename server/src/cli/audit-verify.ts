import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../config.ts';
import { verifyClinicAudit } from '../modules/audit/index.ts';
import { type Clinic, getClinic, listClinics } from '../modules/clinics/index.ts';
import { systemClock } from '../platform/clock.ts';
import { lockDataDir } from '../platform/db/data-dir-lock.ts';
import { type Actor, Database } from '../platform/db/database.ts';
import { isUuid } from '../platform/db/ids.ts';

const USAGE = 'usage: npm run audit:verify -w server -- <clinicId|--all>';

/** Exit codes: 0 every chain checked is intact, 1 a chain is broken, 2 the check could not run. */
class UsageError extends Error {}

const actor: Actor = { kind: 'system', userId: null };

async function clinicsToCheck(db: Database, arg: string): Promise<Array<Pick<Clinic, 'id' | 'slug'>>> {
  if (arg !== '--all') {
    const clinic = await getClinic({ db }, actor, arg).catch(() => undefined);
    if (!clinic) throw new UsageError(`no clinic with id ${arg}`);
    return [clinic];
  }
  const all: Clinic[] = [];
  let cursor: string | undefined;
  do {
    const page = await listClinics({ db }, actor, { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Where the command writes: standard output and error in a terminal, a buffer in tests. */
export interface Io {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `npm run audit:verify -w server -- <clinicId|--all>`: recomputes each clinic's audit hash chain
 * on the configured database (as the server opens it). Resolves with the exit code: 0 every chain
 * checked is intact, 1 a chain is broken, 2 the check could not run (said in one line).
 */
export async function auditVerify(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Io = console,
): Promise<number> {
  try {
    return await check(argv, env, io);
  } catch (err) {
    const message =
      err instanceof UsageError || err instanceof ConfigError ? err.message : (err as Error).message;
    io.error(`cliniclick audit:verify: ${message}`);
    return 2;
  }
}

async function check(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const arg = argv[0];
  if (argv.length !== 1 || !arg || (arg !== '--all' && !isUuid(arg))) throw new UsageError(USAGE);
  const config = loadConfig(env);
  // PGlite's files take one process at a time: refuse while the server has them open.
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  try {
    const db = await Database.open({
      url: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
      clock: systemClock,
    });
    try {
      // Also says "run the migrations" on a database that has none.
      await db.assertAppRoleObeysRls();
      const clinics = await clinicsToCheck(db, arg);
      let broken = 0;
      let events = 0;
      for (const c of clinics) {
        const v = await verifyClinicAudit({ db }, c.id, actor);
        events += v.checked;
        if (v.ok) {
          io.log(`ok      ${c.slug} (${c.id}): ${v.checked} events`);
        } else {
          broken++;
          io.log(
            `BROKEN  ${c.slug} (${c.id}): first broken event #${v.firstBrokenSeq}: ${v.reason} (${v.checked} intact before it)`,
          );
        }
      }
      io.log(`${clinics.length} clinics, ${events} events checked, ${broken} broken chains`);
      return broken > 0 ? 1 : 0;
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  auditVerify(process.argv.slice(2)).then((code) => process.exit(code));
}
