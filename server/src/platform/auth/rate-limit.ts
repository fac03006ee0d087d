import { sql } from 'kysely';
import type { GlobalTx } from '../db/tenancy.ts';

export interface Limit {
  /** What is counted, e.g. `login:ip:1.2.3.4`. */
  key: string;
  max: number;
  windowSeconds: number;
}

export interface LimitState {
  count: number;
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfter: number;
}

/**
 * Counts one hit in a fixed window shared by every instance (one upsert, atomic under races)
 * and says whether it is within the limit. A window stamped in the future (an instance whose
 * clock ran ahead) starts over rather than holding the counter until real time catches up.
 */
export async function hit(tx: GlobalTx, limit: Limit): Promise<LimitState> {
  const now = tx.now;
  const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000);
  const { rows } = await sql<{ count: number; window_started_at: Date }>`
    insert into rate_limits as r (key, window_started_at, count) values (${limit.key}, ${now}, 1)
    on conflict (key) do update set
      count = case when r.window_started_at <= ${windowStart} or r.window_started_at > ${now}
                   then 1 else r.count + 1 end,
      window_started_at = case when r.window_started_at <= ${windowStart} or r.window_started_at > ${now}
                   then ${now} else r.window_started_at end
    returning count, window_started_at`.execute(tx.db);
  const row = rows[0]!;
  return state(row.count, row.window_started_at, limit, now);
}

/** Reads a counter without counting. */
export async function peek(tx: GlobalTx, limit: Limit): Promise<LimitState> {
  const row = await tx.db
    .selectFrom('rate_limits')
    .select(['count', 'window_started_at'])
    .where('key', '=', limit.key)
    .executeTakeFirst();
  const windowStart = new Date(tx.now.getTime() - limit.windowSeconds * 1000);
  if (!row || row.window_started_at <= windowStart || row.window_started_at > tx.now) {
    return { count: 0, allowed: true, retryAfter: 0 };
  }
  return state(row.count, row.window_started_at, limit, tx.now);
}

export async function reset(tx: GlobalTx, key: string): Promise<void> {
  await tx.db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

function state(count: number, startedAt: Date, limit: Limit, now: Date): LimitState {
  const resetAt = startedAt.getTime() + limit.windowSeconds * 1000;
  return {
    count,
    allowed: count <= limit.max,
    retryAfter: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)),
  };
}
