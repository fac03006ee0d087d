import { type Database, systemActor } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';

/** Throttling windows are at most an hour; a day-old counter is garbage. */
const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000;

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

/** Runs housekeeping every `everyMs` until stopped; failures are logged and retried next time. */
export function startMaintenance(
  db: Database,
  opts: { everyMs?: number; onError?: (err: unknown) => void } = {},
): () => void {
  const timer = setInterval(
    () => {
      sweepRateLimits(db).catch((err: unknown) => opts.onError?.(err));
    },
    opts.everyMs ?? 10 * 60 * 1000,
  );
  timer.unref();
  return () => clearInterval(timer);
}
