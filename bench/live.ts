/**
 * Fan-out of a live event to many sockets (issue 13), measured in one run:
 *   raw        a bare `ws` server broadcasting to every socket (the baseline: no auth, no database)
 *   full       the whole path on one instance: POST → commit (tx.emitLive: numbered, logged) → the
 *              outbox's publish job → the bus → the gateway → every authorised socket
 *   redis      the same with two instances: the change on A, the sockets on B, through Redis
 *   reconnect  the full path while sockets are cut and reconnect with their last number: every
 *              socket must end with every event exactly once (lost/duplicate counts printed)
 * Latency is per delivered message, from just before the change (or the broadcast) to the moment
 * the client parsed it; the clients run in this process, on this machine's CPU.
 * `tsx bench/live.ts`; BENCH_SOCKETS (1000), BENCH_EVENTS (100), REDIS_URL (default local), and
 * the database settings of `npm run bench` (bench/settings.ts). It measures and prints; it asserts nothing.
 * Targets: p99 < 50 ms at 1,000 sockets; full ≥ 0.5 × raw message rate; nothing lost on reconnects.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import { buildApp, createAppJobRunner } from '../server/src/app.ts';
import { MIGRATIONS } from '../server/src/modules.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { Database } from '../server/src/platform/db/database.ts';
import type { AppDeps } from '../server/src/platform/deps.ts';
import { createEventBus, type EventBus, InProcessEventBus } from '../server/src/platform/events/index.ts';
import { liveTestModules } from '../server/src/test/live-modules.ts';
import { formatRatios, formatTable, type Row } from './report.ts';
import { loadBenchSettings } from './settings.ts';
import { loginOwner, openBenchDatabase, seedClinics } from './stack.ts';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100);
const IN_FLIGHT = 4;
const log = (msg: string) => process.stdout.write(`${msg}\n`);

/** Many client sockets; each records the numbers it received and each message's latency. */
class Fleet {
  readonly sockets: WebSocket[] = [];
  readonly seqs: number[][] = [];
  /** Where each socket's first subscription started (the topic's number then). */
  readonly base: number[] = [];
  readonly latencies: number[] = [];
  delivered = 0;
  #target = 0;
  #done: (() => void) | undefined;

  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
    readonly subscribe?: (ws: WebSocket, i: number) => void,
  ) {}

  async connect(n: number): Promise<void> {
    for (let start = 0; start < n; start += 100) {
      await Promise.all(Array.from({ length: Math.min(100, n - start) }, (_, k) => this.open(start + k)));
    }
  }

  /** Opens socket `i` (again, after a cut), subscribed from its last number; resolves when ready. */
  open(i: number): Promise<void> {
    this.seqs[i] ??= [];
    const ws = new WebSocket(this.url, { headers: this.headers });
    this.sockets[i] = ws;
    return new Promise((resolve, reject) => {
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as {
          op: string;
          seq?: number;
          last?: number;
          data?: { sentAt?: number };
        };
        if (m.op === 'subscribed') {
          this.base[i] ??= m.last ?? 0;
          return resolve();
        }
        if (m.op === 'refetch') return resolve();
        if (m.op !== 'event') return;
        const seq = m.seq ?? 0;
        const mine = this.seqs[i]!;
        if (seq <= (mine.at(-1) ?? 0)) {
          mine.push(-seq); // a repeat, kept to be counted
          return;
        }
        mine.push(seq);
        if (m.data?.sentAt !== undefined) this.latencies.push(performance.now() - m.data.sentAt);
        if (++this.delivered === this.#target) this.#done?.();
      });
      ws.once('open', () => {
        if (this.subscribe) this.subscribe(ws, i);
        else resolve();
      });
      ws.once('error', reject);
    });
  }

  /** Resolves when `count` more messages have been delivered (or after `ms`). */
  expect(count: number, ms = 60_000): Promise<void> {
    this.#target = this.delivered + count;
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#done = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function row(name: string, what: string, fleet: Fleet, seconds: number): Row {
  const sorted = [...fleet.latencies].sort((a, b) => a - b);
  return {
    name,
    what,
    perSec: fleet.delivered / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    note: `${fleet.delivered}/${SOCKETS * EVENTS} delivered`,
  };
}

async function raw(): Promise<Row> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const { port } = wss.address() as AddressInfo;
  const fleet = new Fleet(`ws://127.0.0.1:${port}`, {});
  await fleet.connect(SOCKETS);
  const all = fleet.expect(SOCKETS * EVENTS);
  const started = performance.now();
  for (let n = 1; n <= EVENTS; n++) {
    const message = JSON.stringify({ op: 'event', seq: n, data: { sentAt: performance.now() } });
    for (const client of wss.clients) client.send(message);
    // Lets the sockets drain between events, as a server answering requests would.
    await new Promise((r) => setImmediate(r));
  }
  await all;
  const seconds = (performance.now() - started) / 1000;
  fleet.close();
  wss.close();
  return row('raw', `bare ws broadcast to ${SOCKETS} sockets`, fleet, seconds);
}

interface Instance {
  deps: AppDeps;
  baseUrl: string;
  close(): Promise<void>;
}

async function instance(url: string, events: EventBus, appSecret: string): Promise<Instance> {
  const db = await Database.open({ url, clock: systemClock, poolSize: 10 });
  const deps: AppDeps = {
    db,
    clock: systemClock,
    events,
    outbox: { kick() {} },
    settings: {
      appSecret,
      publicUrl: 'http://127.0.0.1',
      bodyLimit: 1_048_576,
      trustProxy: false,
      secureCookies: false,
      logLevel: 'warn',
      // A thousand sockets of one bench process share one session and are not a flood.
      liveLimits: { messagesPer10s: 1000 },
    },
  };
  const app = await buildApp(deps, liveTestModules);
  const jobs = createAppJobRunner(deps, { modules: liveTestModules });
  jobs.listen();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    deps,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await jobs.stop();
      await events.close();
      await db.close();
    },
  };
}

/** EVENTS changes through the API, IN_FLIGHT at a time, each carrying its send time. */
async function emitAll(baseUrl: string, token: string, clinicId: string, during?: () => void): Promise<void> {
  let next = 1;
  const worker = async () => {
    while (next <= EVENTS) {
      next++;
      during?.();
      const res = await fetch(`${baseUrl}/api/v1/clinics/${clinicId}/livetest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ topic: 'livetest', data: { sentAt: performance.now() } }),
      });
      if (res.status !== 200) throw new Error(`POST livetest: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

function liveFleet(target: Instance, token: string, clinicId: string): Fleet {
  const url = `${target.baseUrl.replace('http', 'ws')}/api/v1/live`;
  const fleet: Fleet = new Fleet(url, { authorization: `Bearer ${token}` }, (ws, i) => {
    // Resumes from the last number it got, or from where its first subscription started.
    const last = fleet.seqs[i]?.filter((s) => s > 0).at(-1) ?? fleet.base[i];
    ws.send(
      JSON.stringify({
        op: 'sub',
        clinicId,
        topic: 'livetest',
        ...(last !== undefined ? { after: last } : {}),
      }),
    );
  });
  return fleet;
}

async function full(
  name: string,
  what: string,
  source: Instance,
  sink: Instance,
  token: string,
  clinicId: string,
): Promise<Row> {
  const fleet = liveFleet(sink, token, clinicId);
  await fleet.connect(SOCKETS);
  const all = fleet.expect(SOCKETS * EVENTS);
  const started = performance.now();
  await emitAll(source.baseUrl, token, clinicId);
  await all;
  const seconds = (performance.now() - started) / 1000;
  fleet.close();
  return row(name, what, fleet, seconds);
}

/** The full path while a few sockets are cut at every change and come back with their last number. */
async function reconnect(
  target: Instance,
  token: string,
  clinicId: string,
): Promise<Row & { lost: number; repeats: number; cuts: number }> {
  const fleet = liveFleet(target, token, clinicId);
  await fleet.connect(SOCKETS);
  let cuts = 0;
  const started = performance.now();
  const reopening: Promise<void>[] = [];
  await emitAll(target.baseUrl, token, clinicId, () => {
    for (let k = 0; k < Math.ceil(SOCKETS / 100); k++) {
      const i = Math.floor(Math.random() * SOCKETS);
      fleet.sockets[i]?.terminate();
      cuts++;
      reopening.push(new Promise((r) => setTimeout(r, 20)).then(() => fleet.open(i)));
    }
  });
  await Promise.all(reopening);
  // Whatever was published last has had time to arrive; replays happened on resubscribe.
  await new Promise((r) => setTimeout(r, 1000));
  const seconds = (performance.now() - started) / 1000;
  let lost = 0;
  let repeats = 0;
  fleet.seqs.forEach((seqs, i) => {
    const got = new Set(seqs.filter((s) => s > 0));
    repeats += seqs.length - got.size;
    const base = fleet.base[i] ?? 0;
    for (let seq = base + 1; seq <= base + EVENTS; seq++) if (!got.has(seq)) lost++;
  });
  fleet.close();
  return {
    ...row('reconnect', `full path, ${cuts} sockets cut and resumed`, fleet, seconds),
    lost,
    repeats,
    cuts,
  };
}

async function main(): Promise<void> {
  const settings = { ...loadBenchSettings(), clinics: 1 };
  const database = await openBenchDatabase(settings);
  const migrator = await Database.open({ url: database.url, clock: systemClock, poolSize: 2 });
  await migrator.migrate(MIGRATIONS);
  const seeded = await seedClinics(migrator, settings);
  await migrator.close();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  log(`live fan-out: ${SOCKETS} sockets, ${EVENTS} events, ${IN_FLIGHT} changes in flight`);
  const rows: Row[] = [];
  try {
    rows.push(await raw());
    const a = await instance(database.url, new InProcessEventBus(), settings.appSecret);
    const token = await loginOwner(a.baseUrl, seeded);
    rows.push(
      await full(
        'full',
        'commit → outbox → bus → authorised sockets, one instance',
        a,
        a,
        token,
        seeded.clinicId,
      ),
    );
    const rec = await reconnect(a, token, seeded.clinicId);
    rows.push(rec);
    await a.close();
    const ra = await instance(database.url, await createEventBus({ redisUrl }), settings.appSecret);
    const rb = await instance(database.url, await createEventBus({ redisUrl }), settings.appSecret);
    rows.push(
      await full('redis', 'change on A, sockets on B, through Redis', ra, rb, token, seeded.clinicId),
    );
    await ra.close();
    await rb.close();
    log(formatTable(rows));
    const rate = (n: string) => rows.find((r) => r.name === n)?.perSec ?? Number.NaN;
    log(
      formatRatios([
        { name: 'full / raw message rate', value: rate('full') / rate('raw'), target: 0.5 },
        { name: 'redis / raw message rate', value: rate('redis') / rate('raw'), target: 0.5 },
      ]),
    );
    log(`reconnect: ${rec.cuts} cuts, ${rec.lost} events lost, ${rec.repeats} repeats dropped by number`);
  } finally {
    await database.drop();
  }
}

await main();
