import type { DomainEvent } from '../events/bus.ts';

/** The clinic of a platform-wide job: the nil UUID (clinic_id is never null; see migration 0005). */
export const PLATFORM_JOBS = '00000000-0000-0000-0000-000000000000';

/** The job that publishes a domain event written by `tx.emit` (platform/jobs/platform-jobs.ts). */
export const PUBLISH_EVENT_JOB = 'events.publish';

/** A job as its handler sees it. */
export interface JobInfo {
  id: string;
  name: string;
  /** The clinic the job belongs to, or null for a platform job. */
  clinicId: string | null;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the runner stops: a long handler should finish its step and return. */
  signal: AbortSignal;
}

/** Delay before retry `attempt` (1-based): baseMs·2^(attempt−1), capped at maxMs. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * A named kind of job. `C` is what the app hands every handler (its dependencies: db, clock,
 * events…). A handler that throws is retried with backoff; after `maxAttempts` the job is dead
 * and stays visible (status 'dead', last_error). Jobs run at least once: a handler must be safe
 * to run again for the same job (a lease can end while it still runs).
 */
export interface JobDefinition<C = unknown> {
  name: string;
  run(payload: unknown, ctx: C, job: JobInfo): Promise<unknown>;
  /** Tries before the job is dead (default 8). */
  maxAttempts?: number;
  /** Default: 10 s doubling up to 1 h. */
  backoff?: Backoff;
}

/**
 * Work done once for each event of a topic, across all instances (unlike a bus subscriber, which
 * runs on every instance and is lost when the process dies): after the event is published, a job
 * named `name` is queued for it in the event's clinic, retried with backoff like any job. Runs are
 * at least once: the handler must be idempotent (the job id or the event's data make good keys).
 */
export interface ReactionDefinition<C = unknown> {
  name: string;
  topic: string;
  /** Only these event types (default: every event of the topic). */
  types?: readonly string[];
  run(event: DomainEvent, ctx: C, job: JobInfo): Promise<unknown>;
  maxAttempts?: number;
  backoff?: Backoff;
}

/** When a schedule fires: a fixed period, or a 5-field cron expression in a time zone. */
export type ScheduleSpec = { every: number } | { cron: string; timeZone?: string };

/**
 * Work run once per period across every instance: the instance that claims the period runs it.
 * A run that fails or is cut short by a crash is not retried: the next period runs again, so the
 * work must catch up on its own (sweeps, drains, housekeeping).
 */
export type ScheduleDefinition<C = unknown> = ScheduleSpec & {
  name: string;
  run(ctx: C, fired: ScheduleRun): Promise<unknown>;
};

export interface ScheduleRun {
  /** The runner's time when it took the period (or was triggered). */
  at: Date;
  /** Aborted when the runner stops. */
  signal: AbortSignal;
}

/** What a transaction may queue. */
export interface JobRequest {
  name: string;
  payload?: unknown;
  /** When it may run (default: now, and then it runs right after commit). */
  runAt?: Date;
  /** A replay with the same key (same clinic and name) queues nothing while the first row is kept. */
  idempotencyKey?: string;
  maxAttempts?: number;
}

export type { DomainEvent };
