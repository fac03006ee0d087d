import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Clock, systemClock } from '../clock.ts';
import type { Message, Transport } from './message.ts';

/** One line of the contract file `$DATA_DIR/outbox.jsonl`. */
export interface OutboxLine {
  channel: Message['channel'];
  to: string;
  subject?: string;
  body: string;
  createdAt: string;
}

/** The contract line for a message; keys in the documented order, `subject` only when there is one. */
export function outboxLine(message: Message, now: Date): OutboxLine {
  return {
    channel: message.channel,
    to: message.to,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    body: message.body,
    createdAt: (message.createdAt ?? now).toISOString(),
  };
}

/**
 * "Sends" by appending one JSON line per message to a file: the demo and NOTIFY_TRANSPORT=outbox
 * use it so nothing leaves the machine and a developer can read the OTP codes.
 *
 * Each line is written with a single O_APPEND write, and writes from this process are queued one
 * after another, so concurrent sends never interleave within a line.
 */
export class OutboxFileTransport implements Transport {
  readonly filePath: string;
  readonly #clock: Clock;
  #queue: Promise<unknown> = Promise.resolve();
  #dirReady: Promise<unknown> | undefined;

  constructor(filePath: string, opts: { clock?: Clock } = {}) {
    this.filePath = path.resolve(filePath);
    this.#clock = opts.clock ?? systemClock;
  }

  send(message: Message): Promise<void> {
    const line = `${JSON.stringify(outboxLine(message, this.#clock.now()))}\n`;
    const write = this.#queue.then(() => this.#append(line));
    // The queue continues after a failed write; the failure goes to this caller only.
    this.#queue = write.catch(() => {});
    return write;
  }

  async #append(line: string): Promise<void> {
    await this.#ensureDir();
    try {
      // The file holds OTP codes: readable by the owner only.
      await appendFile(this.filePath, line, { encoding: 'utf8', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // The folder went away since we made it (a cleaned DATA_DIR): make it again, once.
      this.#dirReady = undefined;
      await this.#ensureDir();
      await appendFile(this.filePath, line, { encoding: 'utf8', mode: 0o600 });
    }
  }

  #ensureDir(): Promise<unknown> {
    this.#dirReady ??= mkdir(path.dirname(this.filePath), { recursive: true }).catch((err: unknown) => {
      this.#dirReady = undefined; // try again on the next message
      throw err;
    });
    return this.#dirReady;
  }

  async close(): Promise<void> {
    await this.#queue;
  }
}
