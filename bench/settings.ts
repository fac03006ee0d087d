/** What one benchmark run uses, read from the environment once. */
export interface BenchSettings {
  /** Seconds each measured stage runs. */
  seconds: number;
  /** Seconds of discarded load before each HTTP stage. */
  warmupSeconds: number;
  /** HTTP connections and pgbench clients: the same for every stage. */
  connections: number;
  /** pgbench worker threads. */
  pgbenchThreads: number;
  /** pgbench query protocol: `prepared` (the issue's), or `extended` (what node-postgres does: parse and plan every time). */
  pgbenchMode: 'prepared' | 'extended' | 'simple';
  /** The app's PostgreSQL pool size. */
  poolSize: number;
  /** Clinics seeded, and staff and patients in each. */
  clinics: number;
  staffPerClinic: number;
  patientsPerClinic: number;
  appSecret: string;
  logLevel: string;
  /** Owner connection for the server; `created` when the bench made (and will drop) it. */
  adminUrl: string;
  databaseUrl: string | undefined;
  keepDatabase: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** The benchmark only ever talks to this machine: refuse any other database host. */
export function assertLoopback(url: string): URL {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error('DATABASE_URL must be a postgres:// URL');
  if (!LOOPBACK.has(parsed.hostname)) {
    throw new Error(`the benchmark only runs against this machine (127.0.0.1), not ${parsed.hostname}`);
  }
  return parsed;
}

function pgbenchMode(raw: string | undefined): BenchSettings['pgbenchMode'] {
  if (!raw) return 'prepared';
  if (raw === 'prepared' || raw === 'extended' || raw === 'simple') return raw;
  throw new Error(`BENCH_PGBENCH_MODE must be prepared, extended or simple, got "${raw}"`);
}

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const seconds = int(env, 'BENCH_SECONDS', 10, 1, 120);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl) assertLoopback(databaseUrl);
  const appSecret = env.APP_SECRET || 'bench-secret-bench-secret-bench-secret-0123';
  if (appSecret.length < 32) throw new Error('APP_SECRET must be at least 32 characters');
  return {
    seconds,
    warmupSeconds: int(env, 'BENCH_WARMUP_SECONDS', Math.min(3, seconds), 0, 60),
    connections: int(env, 'BENCH_CONNECTIONS', 32, 1, 256),
    pgbenchThreads: int(env, 'BENCH_PGBENCH_THREADS', 2, 1, 16),
    pgbenchMode: pgbenchMode(env.BENCH_PGBENCH_MODE),
    poolSize: int(env, 'BENCH_POOL_SIZE', int(env, 'DB_POOL_SIZE', 10, 1, 200), 1, 200),
    clinics: int(env, 'BENCH_CLINICS', 50, 1, 5000),
    staffPerClinic: int(env, 'BENCH_STAFF', 12, 1, 500),
    patientsPerClinic: int(env, 'BENCH_PATIENTS', 200, 0, 10000),
    appSecret,
    logLevel: env.BENCH_LOG_LEVEL || 'warn',
    adminUrl: env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    databaseUrl,
    keepDatabase: env.BENCH_KEEP_DB === '1',
  };
}
