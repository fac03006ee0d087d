import { Redis } from 'ioredis';
import { type DomainEvent, deliverEvent, type EventBus, type EventHandler, type EventLogger } from './bus.ts';
import { TopicHandlers } from './in-process.ts';

/** Redis channel of a topic; the prefix keeps Cliniclick apart from anything else on the server. */
export const REDIS_CHANNEL_PREFIX = 'cliniclick:';

/**
 * Events shared by every app instance through Redis pub/sub: one connection publishes, one is
 * in subscriber mode (Redis allows nothing else on it). Each instance subscribes a topic's channel
 * once, while it has local handlers, and fans messages out to them; its own publications come
 * back through Redis like everyone else's, so local and remote subscribers see the same thing.
 */
export class RedisEventBus implements EventBus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #handlers = new TopicHandlers();
  /** Channels this instance is subscribed to on Redis. */
  readonly #subscribed = new Set<string>();
  /** SUBSCRIBE/UNSUBSCRIBE run one at a time, so a quick unsubscribe→subscribe cannot reorder. */
  #subOps: Promise<unknown> = Promise.resolve();
  readonly #logger: EventLogger | undefined;
  readonly #where: string;
  #lastError: Error | undefined;
  #closed = false;

  /** `name` labels the two connections (`<name>-pub`, `<name>-sub`) in Redis' CLIENT LIST. */
  constructor(redisUrl: string, opts: { logger?: EventLogger; name?: string } = {}) {
    this.#logger = opts.logger;
    const u = new URL(redisUrl);
    this.#where = `${u.hostname}:${u.port || 6379}`; // no password in messages
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 } as const;
    const name = opts.name ?? 'cliniclick';
    this.#pub = new Redis(redisUrl, { ...options, connectionName: `${name}-pub` });
    this.#sub = new Redis(redisUrl, { ...options, connectionName: `${name}-sub` });
    for (const conn of [this.#pub, this.#sub]) {
      // Without a listener, ioredis prints every reconnect error; route them to the logger instead.
      conn.on('error', (err: Error) => {
        this.#lastError = err;
        this.#logger?.warn({ err: err.message, redis: this.#where }, 'redis error');
      });
    }
    this.#sub.on('message', (channel: string, raw: string) => this.#onMessage(channel, raw));
  }

  /** Connects both connections; rejects (and closes them) when Redis cannot be reached. */
  async connect(): Promise<void> {
    try {
      await Promise.all([this.#pub.connect(), this.#sub.connect()]);
    } catch (err) {
      this.#pub.disconnect();
      this.#sub.disconnect();
      // ioredis rejects with "Connection is closed"; the socket error before it says why.
      const reason = this.#lastError ?? (err as Error);
      throw new Error(`cannot connect to Redis at ${this.#where} (REDIS_URL): ${reason.message}`);
    }
  }

  async publish(event: DomainEvent): Promise<void> {
    if (this.#closed) throw new Error('event bus is closed');
    await this.#pub.publish(REDIS_CHANNEL_PREFIX + event.topic, JSON.stringify(event));
  }

  async subscribe(topic: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.#closed) throw new Error('event bus is closed');
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry: EventHandler = (e) => handler(e);
    if (this.#handlers.add(topic, entry)) {
      try {
        await this.#reconcile(topic);
      } catch (err) {
        this.#handlers.remove(topic, entry);
        throw err;
      }
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      if (this.#handlers.remove(topic, entry) && !this.#closed) await this.#reconcile(topic);
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    await this.#subOps.catch(() => {});
    await Promise.all(
      [this.#pub, this.#sub].map(async (conn) => {
        if (conn.status === 'ready') await conn.quit().catch(() => {});
        conn.disconnect();
      }),
    );
  }

  /** Brings the Redis subscription of `topic` in line with whether it has local handlers. */
  #reconcile(topic: string): Promise<void> {
    const channel = REDIS_CHANNEL_PREFIX + topic;
    const op = this.#subOps.then(async () => {
      const wanted = this.#handlers.has(topic);
      if (wanted && !this.#subscribed.has(channel)) {
        await this.#sub.subscribe(channel);
        this.#subscribed.add(channel);
      } else if (!wanted && this.#subscribed.has(channel)) {
        this.#subscribed.delete(channel);
        await this.#sub.unsubscribe(channel);
      }
    });
    this.#subOps = op.catch(() => {});
    return op;
  }

  #onMessage(channel: string, raw: string): void {
    if (!channel.startsWith(REDIS_CHANNEL_PREFIX)) return;
    const topic = channel.slice(REDIS_CHANNEL_PREFIX.length);
    let event: DomainEvent;
    try {
      event = JSON.parse(raw) as DomainEvent;
    } catch {
      this.#logger?.warn({ channel }, 'ignored a message that is not JSON');
      return;
    }
    if (typeof event !== 'object' || event === null || event.topic !== topic) {
      this.#logger?.warn({ channel }, 'ignored a message that is not an event of its topic');
      return;
    }
    deliverEvent(this.#handlers.get(topic), event, this.#logger);
  }
}
