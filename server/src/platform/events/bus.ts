/** Something that happened, published after its transaction commits. */
export interface DomainEvent<T = unknown> {
  topic: string;
  clinicId: string | null;
  type: string;
  data: T;
  at: string;
  /** A live topic's number (platform/live), on events written with `tx.emitLive`. */
  seq?: number;
}

export type EventHandler = (event: DomainEvent) => void;

/**
 * Fan-out of events to subscribers. In-process by default; Redis pub/sub when REDIS_URL is set,
 * so subscribers on every app instance receive what any instance publishes.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /** Returns an unsubscribe function. `topic` is exact. */
  subscribe(topic: string, handler: EventHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Where a bus reports a failing handler or a lost connection; pino and Fastify's logger fit. */
export interface EventLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Calls every handler with the event; one handler throwing (or rejecting) is logged and does not
 * keep the others from running.
 */
export function deliverEvent(
  handlers: Iterable<EventHandler>,
  event: DomainEvent,
  logger: EventLogger | undefined,
): void {
  for (const handler of [...handlers]) {
    try {
      const result: unknown = handler(event);
      if (result instanceof Promise) {
        result.catch((err: unknown) => reportHandlerError(logger, event, err));
      }
    } catch (err) {
      reportHandlerError(logger, event, err);
    }
  }
}

function reportHandlerError(logger: EventLogger | undefined, event: DomainEvent, err: unknown): void {
  logger?.warn(
    { topic: event.topic, type: event.type, err: err instanceof Error ? err.message : String(err) },
    'event handler failed',
  );
}
