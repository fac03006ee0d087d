import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { JobRegistry } from './registry.ts';
import {
  type ClaimedJob,
  claimDue,
  claimIds,
  claimPeriod,
  DEFAULT_MAX_ATTEMPTS,
  ensureSchedules,
  type Lease,
  markDone,
  markFailed,
} from './repo.ts';
import { nextRunAfter, specText } from './schedule.ts';
import { type Backoff, type JobInfo, PLATFORM_JOBS, type ScheduleDefinition } from './types.ts';
import type { JobKey } from './wake.ts';

/** Where the runner reports trouble; pino and Fastify's logger fit. */
export interface JobLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobRunnerOptions<C> {
  db: Database;
  registry: JobRegistry<C>;
  /** What every handler gets (the app's dependencies). */
  context: C;
  clock: Clock;
  logger?: JobLogger;
  /** Names this runner in lease_owner and job_schedules.last_owner (default host:pid:random). */
  owner?: string;
  /** Jobs run at once by polling (default 4). The fast path runs a commit's jobs beside them. */
  concurrency?: number;
  /** How often start() looks for due jobs and schedules (default 1000 ms). */
  pollMs?: number;
  /**
   * How long a claim hides a job from other runners (default 2 min). A runner that dies mid-job
   * leaves it due again when the lease ends, so it is retried, not lost; it must outlast a run.
   */
  leaseMs?: number;
}

export interface JobRunner {
  readonly owner: string;
  /** Runs a committed transaction's due jobs at once (the fast path), without polling. */
  listen(): void;
  /** listen(), and polls every pollMs for due jobs (retries, run-at, other instances' leftovers) and schedules. */
  start(): void;
  /** Stops polling and listening, aborts handlers' signals and waits for every running job and schedule. */
  stop(): Promise<void>;
  /** Claims and runs due jobs until none is left; resolves to how many succeeded (tests, tools). */
  runDue(): Promise<number>;
  /** Takes every due schedule period this runner can get and runs them; resolves to the names run. */
  fireSchedules(): Promise<string[]>;
  /** Runs a schedule's work here now, outside its periods (a kick); runs during a run coalesce. */
  trigger(schedule: string): void;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 10_000, maxMs: 3_600_000 };

/** The delay before retry number `attempt` (1-based): base·2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 1000);
}

/**
 * Runs the jobs of `registry` from the `jobs` table and fires its schedules.
 *
 * A job is claimed in a short transaction (FOR UPDATE SKIP LOCKED, or by key on the fast path)
 * that counts the attempt and leases it; the handler runs after that commit, holding no
 * transaction (PGlite has one connection to share); the outcome is written in another short
 * transaction, fenced by the lease token so a runner that outlived its lease cannot overwrite a
 * newer claim's result. Delivery is at least once.
 */
export function createJobRunner<C>(opts: JobRunnerOptions<C>): JobRunner {
  const { db, registry, context, clock, logger } = opts;
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 120_000;
  const names = registry.jobNames;
  const abort = new AbortController();

  let listening = false;
  let started = false;
  let stopped = false;
  let unlisten = (): void => {};
  let pollTimer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let again = false;
  const running = new Set<Promise<unknown>>();
  const polled = { count: 0 };
  // Schedules: where each stands as last seen, and which are running here now.
  let schedulesReady: Promise<void> | undefined;
  const nextAt = new Map<string, number>();
  const scheduleRuns = new Map<string, Promise<void>>();
  const triggered = new Set<string>();

  const lease = (): Lease => ({ now: clock.now(), owner, leaseMs });

  function track<T>(p: Promise<T>): Promise<T> {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => {});
    return p;
  }

  /** Runs one claimed job's handler; records a failure; answers whether it succeeded. */
  async function execute(job: ClaimedJob): Promise<boolean> {
    const def = registry.job(job.name);
    const maxAttempts = job.maxAttempts ?? def?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const info: JobInfo = {
      id: job.id,
      name: job.name,
      clinicId: job.clinicId === PLATFORM_JOBS ? null : job.clinicId,
      attempt: job.attempts,
      maxAttempts,
      signal: abort.signal,
    };
    if (job.attempts > maxAttempts) {
      // Started that often and never finished (the process died in it, or it hangs past its
      // lease each time): it is not run again but kept dead, for a person to look at.
      const message = `started ${job.attempts - 1} times without finishing`;
      await markFailed(db, job, clock.now(), message, null).catch(() => {});
      logger?.error(
        { jobId: job.id, job: job.name, attempt: job.attempts, err: message },
        'job abandoned (dead)',
      );
      return false;
    }
    try {
      if (!def) throw new Error(`no handler for job "${job.name}"`);
      await def.run(job.payload, context, info);
      return true;
    } catch (err) {
      const message = errorText(err);
      const dead = job.attempts >= maxAttempts;
      const now = clock.now();
      const retryAt = dead ? null : new Date(now.getTime() + retryDelayMs(job.attempts, def?.backoff));
      await markFailed(db, job, now, message, retryAt).catch((dbErr: unknown) => {
        // The lease still ends, so the job is retried anyway.
        logger?.error({ jobId: job.id, err: errorText(dbErr) }, 'job failure could not be recorded');
      });
      // Ids and counts only: payloads may hold personal data.
      const log = { jobId: job.id, job: job.name, attempt: job.attempts, err: message };
      if (dead) logger?.error(log, 'job failed for good (dead)');
      else logger?.warn(log, 'job failed; will retry');
      return false;
    }
  }

  async function finish(jobs: ClaimedJob[]): Promise<void> {
    await markDone(db, jobs, clock.now()).catch((err: unknown) => {
      // Done but not marked: the lease ends and it runs again (at least once).
      logger?.error(
        { jobIds: jobs.map((j) => j.id), err: errorText(err) },
        'job ran but could not be marked done',
      );
    });
  }

  async function runOne(job: ClaimedJob): Promise<boolean> {
    const ok = await execute(job);
    if (ok) await finish([job]);
    return ok;
  }

  /**
   * The fast path: a commit's jobs, in their order, each claimed when it starts and marked done
   * when it ends (a long job never outlasts the lease of one still waiting or already done).
   */
  async function runCommitted(keys: readonly JobKey[]): Promise<void> {
    if (stopped) return;
    const work = (async () => {
      for (const key of keys) {
        if (stopped) return;
        for (const job of await claimIds(db, [key], names, lease())) await runOne(job);
      }
    })();
    await track(work).catch((err: unknown) => {
      // Left in the table: the poll (here or on another instance) runs them.
      logger?.warn({ err: errorText(err) }, 'jobs could not run after commit; the poll will');
    });
  }

  async function runDueJobs(): Promise<void> {
    while (!stopped) {
      const free = concurrency - polled.count;
      if (free <= 0) return;
      const jobs = await claimDue(db, names, free, lease());
      for (const job of jobs) {
        polled.count++;
        void track(runOne(job)).finally(() => {
          polled.count--;
          if (started) kick();
        });
      }
      if (jobs.length < free) return;
    }
  }

  function ensureScheduleRows(): Promise<void> {
    schedulesReady ??= (async () => {
      const now = clock.now();
      const stored = await ensureSchedules(
        db,
        registry.schedules.map((s) => ({ name: s.name, spec: specText(s), next: nextRunAfter(s, now) })),
      );
      for (const [name, next] of stored) nextAt.set(name, next.getTime());
    })().catch((err: unknown) => {
      schedulesReady = undefined;
      throw err;
    });
    return schedulesReady;
  }

  function runSchedule(s: ScheduleDefinition<C>, at: Date): Promise<void> {
    const run = track(
      (async () => {
        try {
          await s.run(context, { at, signal: abort.signal });
        } catch (err) {
          logger?.warn(
            { schedule: s.name, err: errorText(err) },
            'scheduled work failed; the next period runs again',
          );
        }
      })(),
    ).finally(() => {
      scheduleRuns.delete(s.name);
      if (triggered.delete(s.name) && !stopped) startTriggered(s);
    });
    scheduleRuns.set(s.name, run);
    return run;
  }

  function startTriggered(s: ScheduleDefinition<C>): void {
    void runSchedule(s, clock.now());
  }

  /** Takes the due periods; answers the runs started (not awaited). */
  async function takeSchedules(): Promise<Array<{ name: string; run: Promise<void> }>> {
    if (registry.schedules.length === 0) return [];
    await ensureScheduleRows();
    const started: Array<{ name: string; run: Promise<void> }> = [];
    for (const s of registry.schedules) {
      if (stopped) break;
      const now = clock.now();
      // Not due as last seen, or still running here from its last period: nothing to ask.
      if ((nextAt.get(s.name) ?? 0) > now.getTime() || scheduleRuns.has(s.name)) continue;
      const { taken, next } = await claimPeriod(db, s.name, now, nextRunAfter(s, now), owner);
      if (next) nextAt.set(s.name, next.getTime());
      if (taken) started.push({ name: s.name, run: runSchedule(s, now) });
    }
    return started;
  }

  function runPass(): Promise<void> {
    if (pass) {
      again = true;
      return pass;
    }
    pass = (async () => {
      do {
        again = false;
        try {
          await takeSchedules();
          await runDueJobs();
        } catch (err) {
          // The database may be briefly away; the next poll comes back.
          logger?.error({ err: errorText(err) }, 'job poll failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      pass = undefined;
    });
    return pass;
  }

  function kick(): void {
    if (!stopped) void runPass();
  }

  function schedulePoll(): void {
    if (stopped || !started) return;
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      void runPass().finally(schedulePoll);
    }, pollMs);
    pollTimer.unref();
  }

  return {
    owner,
    listen() {
      if (listening || stopped) return;
      listening = true;
      unlisten = db.jobWake.listen(runCommitted);
    },
    start() {
      if (started || stopped) return;
      this.listen();
      started = true;
      void runPass().finally(schedulePoll);
    },
    async stop() {
      stopped = true;
      clearTimeout(pollTimer);
      pollTimer = undefined;
      unlisten();
      abort.abort();
      await pass;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async runDue() {
      let ok = 0;
      for (;;) {
        const jobs = await claimDue(db, names, concurrency, lease());
        if (jobs.length === 0) return ok;
        const results = await Promise.all(jobs.map((j) => track(runOne(j))));
        ok += results.filter(Boolean).length;
      }
    },
    async fireSchedules() {
      const runs = await takeSchedules();
      await Promise.all(runs.map((r) => r.run));
      return runs.map((r) => r.name);
    },
    trigger(name) {
      if (stopped) return;
      const s = registry.schedules.find((x) => x.name === name);
      if (!s) return;
      if (scheduleRuns.has(name)) triggered.add(name);
      else startTriggered(s);
    },
  };
}
