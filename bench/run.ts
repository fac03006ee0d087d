/**
 * `npm run bench`: the cost of an authenticated, tenant-scoped read through the full stack,
 * measured in one run against the PostgreSQL server beside references at the same concurrency:
 *   full      GET /api/v1/clinics/:clinicId/staff (bearer auth, access hook, withClinic, RLS)
 *   bare      a plain Fastify route in the same process answering the same JSON, no database
 *   pgbench   the very transaction the app runs for that read (captured from the driver)
 *   norls     that transaction with RLS not applied, the policies' predicates as plain views
 *   request   every statement one request sends, back to back (the database's ceiling)
 *   login     wrong-password sign-ins for existing vs unknown emails: the same time for both?
 *   slots     slot generation, pure CPU, against a naive grid-and-check baseline (bench/slots.ts)
 *   slotsapi  the slots endpoint under 50 concurrent clients (bench/slots-http.ts)
 * It measures and prints; it asserts nothing. Every stage has a fixed duration and only
 * 127.0.0.1 is used. Quick try: BENCH_SECONDS=2 npm run bench. See docs/PERFORMANCE.md.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import { CpuSampler, type CpuSplit } from './cpu.ts';
import { type HttpResult, loadUrl } from './http-load.ts';
import { summarizeLogins, timeLogins } from './login-timing.ts';
import { createPlainViews, PLAIN_SEARCH_PATH } from './no-rls.ts';
import { PGBENCH, type PgbenchResult, pgbenchPresent, runPgbench, toPgbenchScript } from './pgbench.ts';
import { profiled } from './profile.ts';
import { formatRatios, formatTable, type Row } from './report.ts';
import { type BenchSettings, loadBenchSettings } from './settings.ts';
import { benchSlotGeneration } from './slots.ts';
import { loadSlotsEndpoint, prepareSlotsEndpoint } from './slots-http.ts';
import { listenApp, loginOwner, openBenchDatabase, type RunningApp, startApp } from './stack.ts';
import { splitTransactions, type TracedQuery, traceQueries } from './trace.ts';

const STAGES = ['full', 'bare', 'pgbench', 'norls', 'request', 'login', 'slots', 'slotsapi'] as const;
type Stage = (typeof STAGES)[number];

const log = (msg: string) => process.stdout.write(`${msg}\n`);

function selectedStages(env: NodeJS.ProcessEnv): Set<Stage> {
  const raw = env.BENCH_STAGES?.split(',').map((x) => x.trim()) ?? [...STAGES];
  for (const x of raw) if (!(STAGES as readonly string[]).includes(x)) throw new Error(`unknown stage ${x}`);
  return new Set(raw as Stage[]);
}

function ensurePgbench(): boolean {
  if (pgbenchPresent()) return true;
  if (process.getuid?.() !== 0) return false;
  log('pgbench is missing: installing postgresql-contrib');
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql-contrib'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return pgbenchPresent();
}

/** The app's session cache counters, from /metrics (includes the warm-up). */
async function sessionCacheCounts(baseUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hits: read('session_cache_hits'), misses: read('session_cache_misses') };
}

/** True when the transaction's set_config call sets app.clinic_id to `clinicId`: a clinic-scoped transaction. */
function setsClinic(transaction: TracedQuery[], clinicId: string): boolean {
  return transaction.some((q) => {
    const m = /set_config\(\s*'app\.clinic_id'\s*,\s*\$(\d+)/.exec(q.text);
    return m !== null && q.values[Number(m[1]) - 1] === clinicId;
  });
}

const isControl = (q: TracedQuery) =>
  /^\s*(begin|commit|rollback)\b/i.test(q.text) || /set_config\(/.test(q.text);

/** A statement in a few words, for the log: `select sessions, users, memberships, clinics`. */
function describe(q: TracedQuery): string {
  if (/^\s*(begin|commit|rollback)\b/i.test(q.text)) return q.text.trim().toLowerCase();
  if (/set_config\(/.test(q.text)) return 'set_config(role, app.clinic_id, app.user_id)';
  const verb = q.text.trim().split(/\s+/)[0]?.toLowerCase() ?? '?';
  const tables = [...q.text.matchAll(/(?:from|join|into|update)\s+"(\w+)"/gi)].map((m) => m[1]);
  return `${verb} ${[...new Set(tables)].join(', ')}`;
}

/** Runs `transaction` once on one connection and returns how many rows its data statements gave. */
async function rowsOf(
  url: string,
  transaction: TracedQuery[],
  opts: { role?: string; options?: string } = {},
) {
  const client = new pg.Client({ connectionString: url, ...(opts.options ? { options: opts.options } : {}) });
  await client.connect();
  try {
    let rows = 0;
    for (const q of transaction) {
      const values = [...q.values];
      const role = /set_config\(\s*'role'\s*,\s*\$(\d+)/.exec(q.text);
      if (role && opts.role) values[Number(role[1]) - 1] = opts.role;
      const res = await client.query(q.text, values);
      if (!isControl(q)) rows += res.rowCount ?? 0;
    }
    return rows;
  } finally {
    await client.end();
  }
}

async function serverFacts(url: string): Promise<{ role: string; bypassesRls: boolean; version: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ role: string; bypass: boolean; version: string }>(
      `select current_user as role, (rolsuper or rolbypassrls) as bypass, current_setting('server_version') as version
         from pg_roles where rolname = current_user`,
    );
    const row = res.rows[0]!;
    return { role: row.role, bypassesRls: row.bypass, version: row.version };
  } finally {
    await client.end();
  }
}

const perOp = (seconds: number, ops: number) => (ops > 0 ? (seconds * 1000) / ops : Number.NaN);

function httpRow(name: string, what: string, r: HttpResult, cpu: CpuSplit): Row {
  return {
    name,
    what,
    perSec: r.requestsPerSec,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    cpuMs: { app: perOp(cpu.app, r.total), db: perOp(cpu.db, r.total), client: perOp(cpu.client, r.total) },
    ...(r.bad ? { note: `${r.bad} of ${r.total} answers failed` } : {}),
  };
}

function pgRow(name: string, what: string, r: PgbenchResult, cpu: CpuSplit): Row {
  return {
    name,
    what,
    perSec: r.tps,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    cpuMs: { db: perOp(cpu.db, r.transactions), client: perOp(cpu.client, r.transactions) },
    ...(r.failed ? { note: `${r.failed} failed transactions` } : {}),
  };
}

async function main(): Promise<void> {
  const s = loadBenchSettings();
  const stages = selectedStages(process.env);
  const started = new Date();
  const bench = await openBenchDatabase(s);
  try {
    await measure(s, stages, bench.url, started);
  } finally {
    await bench
      .drop()
      .catch((err: unknown) => log(`could not drop the bench database: ${(err as Error).message}`));
  }
}

async function measure(s: BenchSettings, stages: Set<Stage>, url: string, started: Date): Promise<void> {
  const facts = await serverFacts(url);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  log('Cliniclick benchmark');
  log(`machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? '?'}, load average ${load}`);
  log(`node ${process.version}, PostgreSQL ${facts.version}, ${started.toISOString()}`);
  log(
    `each stage ${s.seconds}s (HTTP after ${s.warmupSeconds}s warm-up), ${s.connections} connections/clients, ` +
      `pgbench -j ${s.pgbenchThreads} -M ${s.pgbenchMode}, app pool ${s.poolSize}, ` +
      `${s.clinics} clinics × (${s.staffPerClinic} staff + ${s.patientsPerClinic} patients)`,
  );

  const sampler = await CpuSampler.open(url);
  const bare = Fastify({ logger: false });
  let stack: RunningApp | undefined;
  try {
    stack = await startApp(url, s);
    const { seeded, baseUrl } = stack;
    const headers = { authorization: `Bearer ${await loginOwner(baseUrl, seeded)}` };
    const staffUrl = `${baseUrl}/api/v1/clinics/${seeded.clinicId}/staff`;

    // One traced request: what the full stack sends to PostgreSQL for this read.
    let body = '';
    const traced = await traceQueries(async () => {
      const res = await fetch(staffUrl, { headers });
      body = await res.text();
      if (res.status !== 200) throw new Error(`staff list answered ${res.status}: ${body}`);
    });
    const transactions = splitTransactions(traced);
    // The access hook may scope its own lookup to the clinic too; the handler's withClinic runs last.
    const tenantTx = [...transactions].reverse().find((tx) => setsClinic(tx, seeded.clinicId));
    if (!tenantTx) throw new Error('could not find the tenant transaction in the traced request');
    log(
      `one request: ${traced.length} statements in ${transactions.length} transactions, ${Buffer.byteLength(body)} bytes of JSON`,
    );
    transactions.forEach((tx, i) => {
      log(`  ${i + 1}. ${tx.map(describe).join(' | ')}`);
    });

    const rows: Row[] = [];
    const results: Partial<Record<Stage, number>> = {};
    // Each measured run is wrapped in the CPU sampler; warm-ups are not.
    const http = async (target: string, h?: Record<string, string>) => {
      const opts = { connections: s.connections, ...(h ? { headers: h } : {}) };
      if (s.warmupSeconds > 0) await loadUrl(target, { ...opts, seconds: s.warmupSeconds });
      await sampler.start();
      const r = await loadUrl(target, {
        ...opts,
        seconds: s.seconds,
        onSpawn: (pid) => sampler.addClient(pid),
      });
      return { r, cpu: await sampler.stop() };
    };
    const pgb = async (
      script: ReturnType<typeof toPgbenchScript>,
      extra: { vars?: Record<string, string>; pgOptions?: string } = {},
    ) => {
      await sampler.start();
      const r = await runPgbench(url, script, {
        clients: s.connections,
        threads: s.pgbenchThreads,
        seconds: s.seconds,
        mode: s.pgbenchMode,
        onSpawn: (pid) => sampler.addClient(pid),
        ...extra,
      });
      return { r, cpu: await sampler.stop() };
    };

    if (stages.has('full')) {
      log('\n[full] full stack …');
      const cacheBefore = await sessionCacheCounts(baseUrl);
      const { r, cpu } = await http(staffUrl, headers);
      const cacheAfter = await sessionCacheCounts(baseUrl);
      const hits = cacheAfter.hits - cacheBefore.hits;
      const misses = cacheAfter.misses - cacheBefore.misses;
      log(
        `  session cache: ${hits} hits, ${misses} misses (${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)}% hits)`,
      );
      results.full = r.requestsPerSec;
      rows.push(httpRow('full', 'GET …/staff through the app', r, cpu));
    }

    if (stages.has('bare')) {
      log('[bare] bare Fastify route …');
      const payload: unknown = JSON.parse(body);
      bare.get('/staff', async () => payload);
      await bare.listen({ host: '127.0.0.1', port: 0 });
      const addr = bare.server.address();
      const { r, cpu } = await http(
        `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/staff`,
      );
      await bare.close();
      results.bare = r.requestsPerSec;
      rows.push(httpRow('bare', 'plain Fastify, same JSON, no database', r, cpu));
    }

    const wantsPg = stages.has('pgbench') || stages.has('norls') || stages.has('request');
    if (wantsPg && !ensurePgbench()) {
      log(`pgbench (${PGBENCH}) is missing and cannot be installed here: skipping the pgbench stages`);
    } else if (wantsPg) {
      const script = toPgbenchScript(tenantTx);
      log('[pgbench] the app transaction, as pgbench runs it:');
      log(script.text.trimEnd().replace(/^/gm, '    '));
      // The scripts replay real statements; a run that finds no rows would measure nothing.
      log(
        `    one run returns ${await rowsOf(url, tenantTx)} rows; the whole request's statements ${await rowsOf(url, traced)}`,
      );
      if (stages.has('pgbench')) {
        const { r, cpu } = await pgb(script);
        results.pgbench = r.tps;
        rows.push(pgRow('pgbench', 'the app transaction (role switch, tenant settings, query)', r, cpu));
      }

      if (stages.has('norls')) {
        log('[norls] the same transaction without RLS …');
        if (!script.roleVar) log('    the transaction sets no role: skipped');
        else if (!facts.bypassesRls)
          log(`    ${facts.role} is neither superuser nor BYPASSRLS, so RLS cannot be left out: skipped`);
        else {
          const views = await createPlainViews(url);
          try {
            const withRls = await rowsOf(url, tenantTx);
            const withoutRls = await rowsOf(url, tenantTx, { role: facts.role, options: PLAIN_SEARCH_PATH });
            const { r, cpu } = await pgb(script, {
              vars: { [script.roleVar]: facts.role },
              pgOptions: PLAIN_SEARCH_PATH,
            });
            // A ratio against a query that returns other rows would mean nothing.
            if (withRls === withoutRls) results.norls = r.tps;
            const what = `same SQL as ${facts.role}, policies as plain views (${views.tables.join(', ')})`;
            const row = pgRow('norls', what, r, cpu);
            if (withRls !== withoutRls)
              row.note = `returned ${withoutRls} rows, not ${withRls}: not comparable`;
            rows.push(row);
          } finally {
            await views.drop();
          }
        }
      }

      if (stages.has('request')) {
        log('[request] every statement of one request, back to back …');
        const { r, cpu } = await pgb(toPgbenchScript(traced));
        results.request = r.tps;
        rows.push(
          pgRow('request', `all ${traced.length} statements of one request (database ceiling)`, r, cpu),
        );
      }
    }

    let loginSameness = Number.NaN;
    if (stages.has('login')) {
      log('[login] wrong-password sign-ins, existing vs unknown email …');
      const timing = summarizeLogins(await timeLogins(baseUrl, stack.seeded.staffEmails, 40));
      loginSameness = timing.sameness;
      log(
        `  p50 ${timing.knownP50.toFixed(1)} ms for an existing email, ${timing.unknownP50.toFixed(1)} ms for an unknown one`,
      );
    }

    const slotLines: string[] = [];
    if (stages.has('slots')) {
      log('[slots] slot generation, smart vs naive …');
      slotLines.push(...benchSlotGeneration().lines);
    }
    if (stages.has('slotsapi')) {
      log('[slotsapi] the slots endpoint, 50 clients …');
      const token = headers.authorization.slice(7);
      const setup = await prepareSlotsEndpoint(baseUrl, token, seeded.clinicId);
      log(
        `  ${setup.booked} appointments booked; one answer holds ${setup.slotsPerAnswer} slots (one doctor, 7 days); ` +
          `${setup.spread.length} different questions for the spread load`,
      );
      // The same data through a second app with the slots cache off: every answer computed.
      const uncached = await listenApp(stack.db, s, { slotsCacheMs: 0, defaultMetrics: false });
      try {
        const loads = [
          {
            name: 'slotsapi',
            what: 'GET …/slots, one doctor, 7 days, one question (cache hits), 50 connections',
            load: (seconds: number, onSpawn?: (pid: number) => void) =>
              loadSlotsEndpoint([setup.url], token, seconds, onSpawn),
          },
          {
            name: 'slotsmix',
            what: `the same over ${setup.spread.length} questions (every doctor, 7 start days), cache on`,
            load: (seconds: number, onSpawn?: (pid: number) => void) =>
              loadSlotsEndpoint(setup.spread, token, seconds, onSpawn),
          },
          {
            name: 'slotsraw',
            what: 'the same questions, slots cache off (every answer computed)',
            load: (seconds: number, onSpawn?: (pid: number) => void) =>
              loadSlotsEndpoint(
                setup.spread.map((u) => u.replace(baseUrl, uncached.baseUrl)),
                token,
                seconds,
                onSpawn,
              ),
          },
        ];
        for (const l of loads) {
          if (s.warmupSeconds > 0) await l.load(s.warmupSeconds);
          await sampler.start();
          const r = await profiled(l.name, () => l.load(s.seconds, (pid) => sampler.addClient(pid)));
          const cpu = await sampler.stop();
          rows.push(httpRow(l.name, l.what, r, cpu));
          slotLines.push(
            `${l.name} at 50 clients: p99 ${r.p99Ms} ms (target < 25 ms: ${r.p99Ms < 25 ? 'met' : 'MISSED'})`,
          );
        }
      } finally {
        await uncached.app.close();
      }
    }

    const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : Number.NaN);
    log(`\n${formatTable(rows)}\n`);
    for (const line of slotLines) log(line);
    log(
      formatRatios([
        {
          name: 'full stack / pgbench (same transaction)',
          value: ratio(results.full, results.pgbench),
          target: 0.5,
        },
        { name: 'full stack / bare route', value: ratio(results.full, results.bare), target: 0.15 },
        { name: 'RLS / no RLS (pgbench)', value: ratio(results.pgbench, results.norls), target: 0.9 },
        {
          name: 'login time, faster / slower of existing and unknown email',
          value: loginSameness,
          target: 0.9,
        },
      ]),
    );
    log(
      `\nload average now ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; took ${Math.round((Date.now() - started.getTime()) / 1000)}s`,
    );
  } finally {
    await sampler.close().catch(() => {});
    await bare.close().catch(() => {});
    await stack?.close().catch(() => {});
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
