import type { DomainEvent, EventBus } from '../events/bus.ts';

/** Something that receives a topic's events: one subscription of one socket. */
export interface HubMember {
  deliver(event: DomainEvent, encoded: string): void;
}

/**
 * One bus subscription per clinic topic on this instance, however many sockets listen to it: the
 * bus (Redis with several instances) carries each event once per instance, and the message a
 * socket receives is encoded once per event, not once per socket.
 */
export class LiveHub {
  readonly #bus: EventBus;
  readonly #members = new Map<string, Set<HubMember>>();
  readonly #unsubscribe = new Map<string, Promise<() => Promise<void>>>();

  constructor(bus: EventBus) {
    this.#bus = bus;
  }

  /** Adds a member; resolves once the bus delivers the topic here (events after it are not missed). */
  async join(busTopic: string, member: HubMember, encode: (e: DomainEvent) => string): Promise<void> {
    let set = this.#members.get(busTopic);
    if (!set) {
      set = new Set();
      this.#members.set(busTopic, set);
    }
    set.add(member);
    let pending = this.#unsubscribe.get(busTopic);
    if (!pending) {
      pending = this.#bus.subscribe(busTopic, (event) => {
        const members = this.#members.get(busTopic);
        if (!members || members.size === 0) return;
        const encoded = encode(event);
        for (const m of [...members]) m.deliver(event, encoded);
      });
      this.#unsubscribe.set(busTopic, pending);
      pending.catch(() => this.#unsubscribe.delete(busTopic));
    }
    await pending;
  }

  leave(busTopic: string, member: HubMember): void {
    const set = this.#members.get(busTopic);
    if (!set?.delete(member) || set.size > 0) return;
    this.#members.delete(busTopic);
    const pending = this.#unsubscribe.get(busTopic);
    this.#unsubscribe.delete(busTopic);
    void pending?.then((off) => off()).catch(() => {});
  }

  /** How many clinic topics this instance listens to (metrics). */
  get topics(): number {
    return this.#members.size;
  }
}
