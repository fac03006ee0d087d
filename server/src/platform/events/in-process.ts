import { type DomainEvent, deliverEvent, type EventBus, type EventHandler, type EventLogger } from './bus.ts';

/** Subscribers by exact topic; shared by both buses. */
export class TopicHandlers {
  readonly #byTopic = new Map<string, Set<EventHandler>>();

  /** Adds a handler; true when it is the topic's first. */
  add(topic: string, handler: EventHandler): boolean {
    let set = this.#byTopic.get(topic);
    const first = !set || set.size === 0;
    if (!set) {
      set = new Set();
      this.#byTopic.set(topic, set);
    }
    set.add(handler);
    return first;
  }

  /** Removes a handler; true when the topic has none left. */
  remove(topic: string, handler: EventHandler): boolean {
    const set = this.#byTopic.get(topic);
    if (!set?.delete(handler)) return false;
    if (set.size > 0) return false;
    this.#byTopic.delete(topic);
    return true;
  }

  get(topic: string): Iterable<EventHandler> {
    return this.#byTopic.get(topic) ?? [];
  }

  has(topic: string): boolean {
    return (this.#byTopic.get(topic)?.size ?? 0) > 0;
  }

  clear(): void {
    this.#byTopic.clear();
  }
}

/**
 * The bus of a single app instance (no REDIS_URL). Events go through a JSON round trip as they
 * would through Redis, so code that works here (string dates, no shared objects) works with Redis.
 */
export class InProcessEventBus implements EventBus {
  readonly #handlers = new TopicHandlers();
  readonly #logger: EventLogger | undefined;
  #closed = false;

  constructor(opts: { logger?: EventLogger } = {}) {
    this.#logger = opts.logger;
  }

  async publish(event: DomainEvent): Promise<void> {
    if (this.#closed) throw new Error('event bus is closed');
    if (!this.#handlers.has(event.topic)) return;
    const copy = JSON.parse(JSON.stringify(event)) as DomainEvent;
    deliverEvent(this.#handlers.get(event.topic), copy, this.#logger);
  }

  async subscribe(topic: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.#closed) throw new Error('event bus is closed');
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry: EventHandler = (e) => handler(e);
    this.#handlers.add(topic, entry);
    return async () => {
      this.#handlers.remove(topic, entry);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
  }
}
