import { type Database, systemActor } from '../db/database.ts';
import { withClinic, withGlobal } from '../db/tenancy.ts';
import type { DomainEvent, EventBus } from '../events/bus.ts';
import { purgeLiveEvents } from '../live/replay.ts';
import { purgeFinished } from './repo.ts';
import {
  type JobDefinition,
  PUBLISH_EVENT_JOB,
  type ReactionDefinition,
  type ScheduleDefinition,
} from './types.ts';

/** Throttling windows are at most an hour; a day-old counter is garbage. */
const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Done jobs are kept a week (their idempotency keys still dedupe), dead ones a month for operators. */
export const DONE_JOB_RETENTION_MS = 7 * DAY_MS;
export const DEAD_JOB_RETENTION_MS = 30 * DAY_MS;
/** Live events are replayed to clients that were away up to a day; older ones answer "refetch". */
export const LIVE_EVENT_RETENTION_MS = DAY_MS;

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

/**
 * Publishes what `tx.emit` wrote, then queues the reactions to it (one job each, keyed by this
 * job, so a retried publish queues none twice). A bus that is away (Redis) fails the job, which is
 * retried: subscribers may see an event twice, reactions run at least once.
 */
export function eventPublisher<C extends PlatformJobDeps>(
  reactions: readonly ReactionDefinition<C>[] = [],
): JobDefinition<C> {
  return {
    name: PUBLISH_EVENT_JOB,
    maxAttempts: 10,
    backoff: { baseMs: 1000, maxMs: 5 * 60_000 },
    run: async (payload, ctx, job) => {
      const event = payload as DomainEvent;
      // Written by tx.emit in the event's own clinic's transaction: anything else is not published.
      if (job.clinicId !== null && event.clinicId !== job.clinicId)
        throw new Error(`an event of clinic ${event.clinicId} queued in clinic ${job.clinicId}`);
      await ctx.events.publish(event);
      const due = reactions.filter(
        (r) => r.topic === event.topic && (!r.types || r.types.includes(event.type)),
      );
      if (due.length === 0) return;
      const queue = async (tx: {
        enqueue: (r: { name: string; payload: unknown; idempotencyKey: string }) => Promise<unknown>;
      }) => {
        for (const r of due)
          await tx.enqueue({ name: r.name, payload: event, idempotencyKey: `event:${job.id}` });
      };
      if (job.clinicId !== null) await withClinic(ctx.db, job.clinicId, systemActor, queue);
      else await withGlobal(ctx.db, systemActor, queue);
    },
  };
}

/** The publisher of an app without reactions (tests of the platform alone). */
export const publishEventJob: JobDefinition<PlatformJobDeps> = eventPublisher();

/** A reaction as the job the publisher queues for it. */
export function reactionJob<C>(r: ReactionDefinition<C>): JobDefinition<C> {
  return {
    name: r.name,
    run: (payload, ctx, job) => r.run(payload as DomainEvent, ctx, job),
    ...(r.maxAttempts ? { maxAttempts: r.maxAttempts } : {}),
    ...(r.backoff ? { backoff: r.backoff } : {}),
  };
}

/**
 * The platform's jobs and housekeeping schedules, with the modules' reactions to events (the
 * outbox's schedule is added where its transport is).
 */
export function platformJobs<C extends PlatformJobDeps>(
  reactions: readonly ReactionDefinition<C>[] = [],
): { jobs: JobDefinition<C>[]; schedules: ScheduleDefinition<C>[] } {
  return {
    jobs: [eventPublisher(reactions), ...reactions.map(reactionJob)],
    schedules: [
      { name: 'platform.sweep-rate-limits', every: 10 * 60_000, run: (ctx) => sweepRateLimits(ctx.db) },
      { name: 'jobs.purge-finished', every: 60 * 60_000, run: (ctx) => purgeFinishedJobs(ctx.db) },
      {
        name: 'live.purge-events',
        every: 60 * 60_000,
        run: (ctx) =>
          purgeLiveEvents(ctx.db, new Date(ctx.db.clock.now().getTime() - LIVE_EVENT_RETENTION_MS)),
      },
    ],
  };
}
