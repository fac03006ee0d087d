/**
 * autocannon over many URLs of one origin (its command line takes one): each request takes the
 * next URL of the list, stepping by a stride prime to its length, so the 50 connections ask for
 * different things at once. Prints autocannon's JSON result, like `autocannon --json`.
 * Usage: node --import tsx bench/load-worker.ts '<json: {urls, connections, seconds, headers}>'
 */
import { createRequire } from 'node:module';

interface Job {
  urls: string[];
  connections: number;
  seconds: number;
  headers: Record<string, string>;
}

type Autocannon = (opts: Record<string, unknown>) => Promise<unknown>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const paths = job.urls.map((u) => {
  const url = new URL(u);
  return url.pathname + url.search;
});
let next = 0;
const stride = paths.length > 7919 ? 1 : 7919;

const result = await autocannon({
  url: new URL(job.urls[0]!).origin,
  connections: job.connections,
  duration: job.seconds,
  headers: job.headers,
  requests: [
    {
      method: 'GET',
      setupRequest: (req: Record<string, unknown>) => {
        next = (next + stride) % paths.length;
        return { ...req, path: paths[next] };
      },
    },
  ],
});
process.stdout.write(JSON.stringify(result));
