import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** One measured HTTP stage. */
export interface HttpResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Non-2xx answers, socket errors and timeouts: a healthy run has none. */
  bad: number;
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface LoadOptions {
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  onSpawn?: (pid: number) => void;
}

/**
 * Loads `url` with autocannon in its own process, so the load generator does not share the
 * server's event loop (on 2 cores it still shares the CPU; the report says so).
 */
export async function loadUrl(url: string, opts: LoadOptions): Promise<HttpResult> {
  const args = [
    autocannonBin,
    '--json',
    '--no-progress',
    '-c',
    String(opts.connections),
    '-d',
    String(opts.seconds),
  ];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(url);
  const out = await run(process.execPath, args, (opts.seconds + 60) * 1000, { onSpawn: opts.onSpawn });
  return toResult(JSON.parse(out) as AutocannonJson);
}

/** Like loadUrl, each request taking the next of `urls` (one origin), through load-worker.ts. */
export async function loadUrls(urls: string[], opts: LoadOptions): Promise<HttpResult> {
  const worker = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
  const job = { urls, connections: opts.connections, seconds: opts.seconds, headers: opts.headers ?? {} };
  const out = await run(
    process.execPath,
    ['--import', 'tsx', worker, JSON.stringify(job)],
    (opts.seconds + 60) * 1000,
    {
      onSpawn: opts.onSpawn,
    },
  );
  return toResult(JSON.parse(out) as AutocannonJson);
}

function toResult(json: AutocannonJson): HttpResult {
  return {
    requestsPerSec: json.requests.average,
    p50Ms: json.latency.p50,
    p99Ms: json.latency.p99,
    total: json.requests.total,
    bad: json.errors + json.timeouts + json.non2xx,
  };
}

/** Runs a command to completion (killed after `timeoutMs`) and returns its stdout. */
export function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
  opts: { env?: NodeJS.ProcessEnv; onSpawn?: ((pid: number) => void) | undefined } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(`${cmd} ${args.slice(0, 3).join(' ')}… ended with ${signal ?? code}: ${stderr.trim()}`),
        );
    });
  });
}
