import { newId } from '../db/ids.ts';
import type { GlobalTx } from '../db/tenancy.ts';

/** One outgoing SMS or email. */
export interface Message {
  channel: 'sms' | 'email';
  to: string;
  subject?: string | undefined;
  body: string;
  /** The outbox row id, stable across retries, so a provider can drop duplicates. */
  id?: string | undefined;
  /** When the message was queued (the outbox row's created_at). */
  createdAt?: Date | undefined;
}

/** Delivers one message now, or throws (the outbox retries). */
export interface Transport {
  send(message: Message): Promise<void>;
  close?(): Promise<void>;
}

/** Where transports and the dispatcher report trouble; pino and Fastify's logger fit. */
export interface NotifyLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Wakes the dispatcher after a commit. */
export interface OutboxSignal {
  kick(): void;
}

/**
 * Queues a message in the caller's transaction: it is sent only if the change commits,
 * and the dispatcher (outbox.ts) sends it once even with several instances running.
 */
export async function enqueueMessage(tx: GlobalTx, outbox: OutboxSignal, message: Message): Promise<string> {
  const id = newId(tx.now.getTime());
  await tx.db
    .insertInto('outbox')
    .values({
      id,
      channel: message.channel,
      recipient: message.to,
      subject: message.subject ?? null,
      body: message.body,
      created_at: tx.now,
      available_at: tx.now,
    })
    .execute();
  tx.afterCommit(() => outbox.kick());
  return id;
}
