import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createClinicWithOwner } from '../modules/clinics/index.ts';
import { MIGRATIONS } from '../modules.ts';
import { ManualClock } from '../platform/clock.ts';
import { Database, systemActor } from '../platform/db/database.ts';
import { TEST_SECRET, testDatabaseUrl, uniqueSlug } from '../test/harness.ts';
import { auditVerify } from './audit-verify.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `npm run audit:verify` the way an operator would (without npm's own noise): once per engine. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.TEST_DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/audit-verify.ts', ...args],
      { cwd: serverDir, env: { ...base, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

/** The same command in this process: what it prints and the exit code it would end with. */
async function inProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const io = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
  const code = await auditVerify(args, { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env }, io);
  return { code, out: lines.join('\n') };
}

async function tamper(db: Database, clinicId: string): Promise<void> {
  await db.owner.transaction().execute(async (trx) => {
    await sql`alter table audit_events disable trigger audit_events_no_update`.execute(trx);
    await sql`update audit_events set data = '{"forged":true}'::jsonb
        where clinic_id = ${clinicId} and seq = 1`.execute(trx);
    await sql`alter table audit_events enable trigger audit_events_no_update`.execute(trx);
  });
}

async function seedClinic(db: Database): Promise<string> {
  const out = await createClinicWithOwner(
    { db, outbox: { kick() {} }, publicUrl: 'http://localhost:3000' },
    systemActor,
    {
      slug: uniqueSlug('cli'),
      name: 'CLI Clinic',
      timeZone: 'UTC',
      currency: 'USD',
      locale: 'en',
      owner: { email: `owner-${uniqueSlug()}@cli.test`, name: 'CLI Owner', password: 'cli-harbour-keys' },
    },
  );
  return out.clinic.id;
}

describe('audit:verify CLI [pglite]', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cliniclick-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('checks every clinic of the embedded database and exits 1 once a chain is broken', async () => {
    let db = await Database.open({
      dataDir: path.join(dataDir, 'pglite'),
      clock: new ManualClock(new Date()),
    });
    await db.migrate(MIGRATIONS);
    const first = await seedClinic(db);
    const second = await seedClinic(db);
    await db.close();

    const good = await runCli(['--all'], { DATA_DIR: dataDir });
    expect(good.out).toContain('2 clinics');
    expect(good.code).toBe(0);

    db = await Database.open({ dataDir: path.join(dataDir, 'pglite'), clock: new ManualClock(new Date()) });
    await tamper(db, second);
    await db.close();

    const bad = await inProcess(['--all'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(new RegExp(`BROKEN .*${second}.*#1`));
    expect(bad.out).toMatch(new RegExp(`ok .*${first}`));

    const usage = await inProcess([], { DATA_DIR: dataDir });
    expect(usage.code).toBe(2);
    expect(usage.out).toMatch(/usage/);
  }, 120_000); // an on-disk PGlite opened four times and a process started: slow on a busy machine
});

describe.skipIf(!testDatabaseUrl)('audit:verify CLI [postgres]', () => {
  it('checks one clinic on DATABASE_URL and exits 1 when its chain is broken', async () => {
    const db = await Database.open({ url: testDatabaseUrl, clock: new ManualClock(new Date()) });
    try {
      await db.migrate(MIGRATIONS);
      const clinicId = await seedClinic(db);
      const env = { DATABASE_URL: testDatabaseUrl!, APP_SECRET: TEST_SECRET };
      const good = await runCli([clinicId], env);
      expect(good.code, good.out).toBe(0);
      await tamper(db, clinicId);
      const bad = await inProcess([clinicId], env);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('BROKEN');
      const unknown = await inProcess(['00000000-0000-7000-8000-000000000000'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.out).toMatch(/no clinic/);
    } finally {
      await db.close();
    }
  });
});
