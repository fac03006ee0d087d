import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from './http-load.ts';
import type { TracedQuery } from './trace.ts';

export const PGBENCH = '/usr/bin/pgbench';

/** A pgbench script: the app's statements with `$n` turned into pgbench variables. */
export interface PgbenchScript {
  text: string;
  vars: Record<string, string>;
  /** The variable holding the role the transaction switches to (set_config('role', …)). */
  roleVar: string | undefined;
}

/**
 * Writes the app's transaction as a pgbench script. Each `$n` becomes `:qK_n` and its value is
 * passed with `-D`, so pgbench sends the same parameterised statements (with `-M prepared`,
 * parsed and planned once per connection; with `-M extended`, every time, as node-postgres does).
 */
export function toPgbenchScript(transaction: TracedQuery[]): PgbenchScript {
  const vars: Record<string, string> = {};
  let roleVar: string | undefined;
  const lines = transaction.map((q, k) => {
    const text = q.text.replace(/\$(\d+)/g, (_m, n: string) => {
      const value = q.values[Number(n) - 1];
      // pgbench cannot define an empty or null variable: those few stay literals.
      if (value === null || value === undefined) return 'null';
      if (value === '') return "''";
      const name = `q${k}_${n}`;
      vars[name] = toText(value);
      return `:${name}`;
    });
    const role = /set_config\(\s*'role'\s*,\s*\$(\d+)/.exec(q.text);
    if (role) roleVar = `q${k}_${role[1]}`;
    // pgbench reads one statement per line unless it ends with a semicolon; keep each on one line.
    return `${text.replace(/\s+/g, ' ').trim()};`;
  });
  return { text: `${lines.join('\n')}\n`, vars, roleVar };
}

function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export interface PgbenchResult {
  tps: number;
  p50Ms: number;
  p99Ms: number;
  transactions: number;
  failed: number;
}

/** Runs pgbench on `script` against `url` for `seconds`, and reads tps and latency percentiles. */
export async function runPgbench(
  url: string,
  script: PgbenchScript,
  opts: {
    clients: number;
    threads: number;
    seconds: number;
    mode: 'prepared' | 'extended' | 'simple';
    vars?: Record<string, string>;
    /** libpq connection options (PGOPTIONS), e.g. a search_path. */
    pgOptions?: string;
    onSpawn?: (pid: number) => void;
  },
): Promise<PgbenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cliniclick-pgbench-'));
  try {
    const file = path.join(dir, 'transaction.sql');
    writeFileSync(file, script.text);
    const args = [
      '--no-vacuum',
      '-M',
      opts.mode,
      '-c',
      String(opts.clients),
      '-j',
      String(opts.threads),
      '-T',
      String(opts.seconds),
      '-f',
      file,
      // Per-transaction log, for p50 and p99: pgbench itself prints only the mean.
      '--log',
      `--log-prefix=${path.join(dir, 'tx')}`,
    ];
    for (const [k, v] of Object.entries({ ...script.vars, ...opts.vars })) args.push('-D', `${k}=${v}`);
    const out = await run(PGBENCH, args, (opts.seconds + 60) * 1000, {
      env: { ...process.env, ...libpqEnv(url), ...(opts.pgOptions ? { PGOPTIONS: opts.pgOptions } : {}) },
      onSpawn: opts.onSpawn,
    });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
    const failed = /number of failed transactions: (\d+)/.exec(out);
    const latencies = readLatencies(dir);
    return {
      tps: Number(tps[1]),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      transactions: latencies.length,
      failed: failed ? Number(failed[1]) : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pgbench takes its connection from libpq's environment; the URL is parsed here. */
function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGHOST: u.hostname.replace(/^\[|\]$/g, ''),
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return env;
}

/** Log lines: client_id transaction_no time_us script_no epoch epoch_us; the third is the latency. */
function readLatencies(dir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('tx.')) continue;
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (Number.isFinite(us) && line) out.push(us / 1000);
    }
  }
  return out.sort((a, b) => a - b);
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function pgbenchPresent(): boolean {
  return existsSync(PGBENCH);
}
