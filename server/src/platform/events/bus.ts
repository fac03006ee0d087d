/** Something that happened, published after its transaction commits. */
export interface DomainEvent<T = unknown> {
  topic: string;
  clinicId: string | null;
  type: string;
  data: T;
  at: string;
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
