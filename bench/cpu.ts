import { readFileSync } from 'node:fs';
import pg from 'pg';

/** CPU seconds spent during one stage, by who spent them. */
export interface CpuSplit {
  /** This process: the app server (or the bare route). */
  app: number;
  /** PostgreSQL backends serving the bench database. */
  db: number;
  /** The load generator (autocannon or pgbench). */
  client: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process in seconds, or undefined once it has gone or cannot be read. */
function procCpu(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Samples, every 100 ms, the CPU time of the PostgreSQL backends of one database and of the load
 * generator, and this process's own. On a 2-core machine shared with other work, CPU per request
 * says more than throughput: it does not depend on what else runs. Backends that exit between
 * two samples lose at most their last 100 ms, which the stage lengths make small. Works only when
 * PostgreSQL runs on this machine and its processes can be read (it does here: loopback, root).
 */
export class CpuSampler {
  readonly #client: pg.Client;
  readonly #database: string;
  readonly #seen = new Map<number, { first: number; last: number; group: 'db' | 'client' }>();
  #clientPids = new Set<number>();
  #timer: NodeJS.Timeout | undefined;
  #appStart = process.cpuUsage();
  #polling: Promise<void> = Promise.resolve();

  private constructor(client: pg.Client, database: string) {
    this.#client = client;
    this.#database = database;
  }

  static async open(url: string): Promise<CpuSampler> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new CpuSampler(client, decodeURIComponent(new URL(url).pathname.slice(1)));
  }

  /** The load generator's process, once spawned. */
  addClient(pid: number): void {
    this.#clientPids.add(pid);
    this.#note(pid, 'client', true);
  }

  async start(): Promise<void> {
    this.#seen.clear();
    this.#clientPids.clear();
    this.#appStart = process.cpuUsage();
    await this.#poll(false);
    this.#timer = setInterval(() => {
      this.#polling = this.#poll(true).catch(() => {});
    }, 100);
  }

  async stop(): Promise<CpuSplit> {
    clearInterval(this.#timer);
    await this.#polling;
    await this.#poll(true);
    const app = process.cpuUsage(this.#appStart);
    const split: CpuSplit = { app: (app.user + app.system) / 1e6, db: 0, client: 0 };
    for (const s of this.#seen.values()) split[s.group] += s.last - s.first;
    return split;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#client.end();
  }

  async #poll(isNew: boolean): Promise<void> {
    const { rows } = await this.#client.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()",
      [this.#database],
    );
    for (const { pid } of rows) this.#note(pid, 'db', isNew);
    for (const pid of this.#clientPids) this.#note(pid, 'client', isNew);
  }

  /** A process first seen after the start began during the stage: it counts from zero. */
  #note(pid: number, group: 'db' | 'client', isNew: boolean): void {
    const now = procCpu(pid);
    if (now === undefined) return;
    const s = this.#seen.get(pid);
    if (s) s.last = now;
    else this.#seen.set(pid, { first: isNew ? 0 : now, last: now, group });
  }
}
