import { type Database, systemActor } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import type { DomainEvent, EventBus } from '../events/bus.ts';
import { purgeFinished } from './repo.ts';
import { type JobDefinition, PUBLISH_EVENT_JOB, type ScheduleDefinition } from './types.ts';

/** Throttling windows are at most an hour; a day-old counter is garbage. */
const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Done jobs are kept a week (their idempotency keys still dedupe), dead ones a month for operators. */
export const DONE_JOB_RETENTION_MS = 7 * DAY_MS;
export const DEAD_JOB_RETENTION_MS = 30 * DAY_MS;

/** Deletes stale throttling counters; returns how many. Safe to run on every instance at once. */
export async function sweepRateLimits(db: Database): Promise<number> {
  return withGlobal(db, systemActor, async (tx) => {
    const cutoff = new Date(tx.now.getTime() - RATE_LIMIT_RETENTION_MS);
    const res = await tx.db
      .deleteFrom('rate_limits')
      .where('window_started_at', '<', cutoff)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}

/** Deletes finished jobs past their retention; returns how many. */
export function purgeFinishedJobs(db: Database): Promise<number> {
  const now = db.clock.now().getTime();
  return purgeFinished(db, new Date(now - DONE_JOB_RETENTION_MS), new Date(now - DEAD_JOB_RETENTION_MS));
}

/** What the platform's own jobs need from the app. */
export interface PlatformJobDeps {
  db: Database;
  events: EventBus;
}

/** Publishes what `tx.emit` wrote; a bus that is away (Redis) fails the job, which is retried. */
export const publishEventJob: JobDefinition<PlatformJobDeps> = {
  name: PUBLISH_EVENT_JOB,
  maxAttempts: 10,
  backoff: { baseMs: 1000, maxMs: 5 * 60_000 },
  run: (payload, ctx, job) => {
    const event = payload as DomainEvent;
    // Written by tx.emit in the event's own clinic's transaction: anything else is not published.
    if (job.clinicId !== null && event.clinicId !== job.clinicId)
      throw new Error(`an event of clinic ${event.clinicId} queued in clinic ${job.clinicId}`);
    return ctx.events.publish(event);
  },
};

/** The platform's jobs and housekeeping schedules (the outbox's is added where its transport is). */
export const platformJobs: {
  jobs: JobDefinition<PlatformJobDeps>[];
  schedules: ScheduleDefinition<PlatformJobDeps>[];
} = {
  jobs: [publishEventJob],
  schedules: [
    { name: 'platform.sweep-rate-limits', every: 10 * 60_000, run: (ctx) => sweepRateLimits(ctx.db) },
    { name: 'jobs.purge-finished', every: 60 * 60_000, run: (ctx) => purgeFinishedJobs(ctx.db) },
  ],
};
