import type { Clock } from '../clock.ts';
import { type Database, systemActor } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import type { ScheduleDefinition } from '../jobs/types.ts';
import type { Message, NotifyLogger, Transport } from './message.ts';

export interface OutboxDispatcherOptions {
  db: Database;
  transport: Transport;
  clock: Clock;
  logger?: NotifyLogger;
  /** Sends tried before a message is marked failed (default 8). */
  maxAttempts?: number;
  /** Rows claimed per transaction (default 10); they are sent concurrently. */
  batchSize?: number;
  /**
   * How long a claimed row stays invisible to other dispatchers (default 2 min). It must outlast
   * a send (transports time out after 10–30 s); a dispatcher that dies mid-send leaves the row to
   * come due again when the lease ends, so the message is retried, not lost.
   */
  leaseMs?: number;
  /** First retry delay (default 10 s), doubled per attempt up to retryMaxMs (default 1 h). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface OutboxDispatcher {
  /**
   * Sends everything due now; resolves to how many were sent. With `signal`, stops claiming when
   * it is aborted (the batch in hand is finished; the rest waits for the next drain or instance).
   */
  drain(signal?: AbortSignal): Promise<number>;
}

/** The schedule that sends the outbox (the job runner polls it; a commit's kick triggers it). */
export const OUTBOX_SCHEDULE = 'notify.outbox';

/**
 * The outbox's sending as a schedule of the job runner: every `everyMs` (default 1 s) one
 * instance drains what came due (retries); `enqueueMessage`'s kick runs it at once on the
 * committing instance (`runner.trigger(OUTBOX_SCHEDULE)`). Several drains at once are safe.
 */
export function outboxSchedule<C>(dispatcher: OutboxDispatcher, everyMs = 1000): ScheduleDefinition<C> {
  return { name: OUTBOX_SCHEDULE, every: everyMs, run: (_ctx, fired) => dispatcher.drain(fired.signal) };
}

interface Claimed {
  id: string;
  channel: Message['channel'];
  recipient: string;
  subject: string | null;
  body: string;
  created_at: Date;
  attempts: number;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What a delivered message's body is replaced with. */
export const SENT_BODY = '(delivered; text removed)';

/** The delay before retry number `attempts` (1-based): base·2^(attempts−1), capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what enqueueMessage wrote to the `outbox` table.
 *
 * A row is claimed in a short transaction (`FOR UPDATE SKIP LOCKED`, so concurrent dispatchers on
 * other instances pass over it) that counts the attempt and moves `available_at` to the end of a
 * lease; the network send happens after that commit, holding no lock; the outcome is written in
 * a second transaction. `attempts` doubles as a fencing token: an outcome is written only if the
 * row was not claimed again since, so a dispatcher that outlived its lease cannot overwrite a newer
 * claim's result.
 */
export function createOutboxDispatcher(opts: OutboxDispatcherOptions): OutboxDispatcher {
  const { db, transport, clock, logger } = opts;
  const maxAttempts = opts.maxAttempts ?? 8;
  const batchSize = opts.batchSize ?? 10;
  const leaseMs = opts.leaseMs ?? 120_000;
  const retryBaseMs = opts.retryBaseMs ?? 10_000;
  const retryMaxMs = opts.retryMaxMs ?? 3_600_000;

  async function claim(): Promise<Claimed[]> {
    const now = clock.now();
    return withGlobal(db, systemActor, (tx) =>
      tx.db
        .with('due', (w) =>
          w
            .selectFrom('outbox')
            .select('id')
            .where('sent_at', 'is', null)
            .where('failed_at', 'is', null)
            .where('available_at', '<=', now)
            .orderBy('available_at')
            .limit(batchSize)
            .forUpdate()
            .skipLocked(),
        )
        .updateTable('outbox')
        .from('due')
        .set((eb) => ({
          available_at: new Date(now.getTime() + leaseMs),
          attempts: eb('outbox.attempts', '+', 1),
        }))
        .whereRef('outbox.id', '=', 'due.id')
        .returning([
          'outbox.id',
          'outbox.channel',
          'outbox.recipient',
          'outbox.subject',
          'outbox.body',
          'outbox.created_at',
          'outbox.attempts',
        ])
        .execute(),
    );
  }

  async function deliver(row: Claimed): Promise<boolean> {
    try {
      await transport.send({
        id: row.id,
        channel: row.channel,
        to: row.recipient,
        subject: row.subject ?? undefined,
        body: row.body,
        createdAt: new Date(row.created_at),
      });
    } catch (err) {
      await recordFailure(row, err).catch((dbErr: unknown) => {
        // The lease still ends, so the message is retried anyway.
        logger?.error({ outboxId: row.id, err: errorText(dbErr) }, 'outbox could not record a failed send');
      });
      return false;
    }
    try {
      await withGlobal(db, systemActor, (tx) =>
        tx.db
          .updateTable('outbox')
          // Sent messages carry secrets (sign-in codes, invitation links) that must not outlive
          // delivery in the database or its backups: keep who, when and what kind, not the text.
          .set({ sent_at: clock.now(), last_error: null, body: SENT_BODY })
          .where('id', '=', row.id)
          .where('sent_at', 'is', null)
          .execute(),
      );
    } catch (dbErr) {
      // Sent but not marked: when the lease ends it is sent again. At-least-once is the best an
      // external side effect allows; the stable message id lets the provider drop the duplicate.
      logger?.error(
        { outboxId: row.id, err: errorText(dbErr) },
        'outbox sent a message but could not mark it',
      );
    }
    return true;
  }

  async function recordFailure(row: Claimed, err: unknown): Promise<void> {
    const now = clock.now();
    const message = errorText(err).slice(0, 1000);
    const final = row.attempts >= maxAttempts;
    await withGlobal(db, systemActor, (tx) =>
      tx.db
        .updateTable('outbox')
        .set(
          final
            ? { last_error: message, failed_at: now }
            : {
                last_error: message,
                available_at: new Date(now.getTime() + retryDelayMs(row.attempts, retryBaseMs, retryMaxMs)),
              },
        )
        .where('id', '=', row.id)
        .where('attempts', '=', row.attempts)
        .where('sent_at', 'is', null)
        .execute(),
    );
    // Ids and counts only: recipients and bodies (OTP codes) stay out of the logs.
    const log = { outboxId: row.id, channel: row.channel, attempts: row.attempts, err: message };
    if (final) logger?.error(log, 'outbox message failed for good');
    else logger?.warn(log, 'outbox send failed; will retry');
  }

  /** Claims and sends batches until nothing is due (or `keepGoing` says stop). */
  async function sendDue(keepGoing: () => boolean): Promise<number> {
    let sent = 0;
    while (keepGoing()) {
      const rows = await claim();
      if (rows.length === 0) break;
      const results = await Promise.all(rows.map(deliver));
      sent += results.filter(Boolean).length;
    }
    return sent;
  }

  return {
    drain: (signal) => sendDue(() => !signal?.aborted),
  };
}
