import type { Database } from '../db/database.ts';
import type { DomainEvent, EventBus } from '../events/bus.ts';
import { liveEventsAfter } from './replay.ts';

/** One subscription of one socket, as the hub sees it. */
export interface HubMember {
  /** The last number the socket was sent. */
  last: number;
  /** True while the subscription's replay is read: the hub sends it nothing meanwhile. */
  replaying: boolean;
  send(encoded: string): void;
  /** Some events are gone from the log too: the client must reload (and goes on from `last`). */
  refetch(last: number): void;
}

interface Entry {
  seq: number;
  encoded: string;
}

/** A clinic topic as this instance hears it: its recent events by number, and who listens. */
interface Feed {
  clinicId: string;
  topic: string;
  members: Set<HubMember>;
  /** Recent events by number (publishing may reorder them; sockets get them in order from here). */
  ring: Map<number, Entry>;
  max: number;
  unsubscribe: Promise<() => Promise<void>>;
  fill: NodeJS.Timeout | undefined;
}

/** Recent events kept per topic; a member further behind is filled from the log. */
const RING = 512;
/** How long a gap may wait for its event to be published before it is read from the log. */
const GAP_WAIT_MS = 150;

/**
 * One bus subscription per clinic topic on this instance, however many sockets listen: the bus
 * (Redis across instances) carries each event once per instance, and each message is encoded once.
 * Events are published after their commits, at least once and not always in number order (two
 * commits' publish jobs race); every socket is nevertheless sent each number once, in order: a
 * later number waits here for the earlier one, which is read from the log if it does not come.
 */
export class LiveHub {
  readonly #db: Database;
  readonly #bus: EventBus;
  readonly #feeds = new Map<string, Feed>();

  constructor(db: Database, bus: EventBus) {
    this.#db = db;
    this.#bus = bus;
  }

  /** Adds a member; resolves once the bus delivers the topic here (events after it are not missed). */
  async join(
    busTopic: string,
    where: { clinicId: string; topic: string },
    member: HubMember,
    encode: (e: DomainEvent) => string,
  ): Promise<void> {
    let feed = this.#feeds.get(busTopic);
    if (!feed) {
      const created: Feed = {
        ...where,
        members: new Set(),
        ring: new Map(),
        max: 0,
        fill: undefined,
        unsubscribe: this.#bus.subscribe(busTopic, (event) => this.#heard(created, event, encode)),
      };
      feed = created;
      this.#feeds.set(busTopic, feed);
      created.unsubscribe.catch(() => {
        if (this.#feeds.get(busTopic) === created) this.#feeds.delete(busTopic);
      });
    }
    feed.members.add(member);
    await feed.unsubscribe;
  }

  leave(busTopic: string, member: HubMember): void {
    const feed = this.#feeds.get(busTopic);
    if (!feed?.members.delete(member) || feed.members.size > 0) return;
    this.#feeds.delete(busTopic);
    clearTimeout(feed.fill);
    void feed.unsubscribe.then((off) => off()).catch(() => {});
  }

  /** Sends a member what it can have in order now (after its replay, or a newly heard event). */
  flush(busTopic: string, member: HubMember): void {
    const feed = this.#feeds.get(busTopic);
    if (feed) this.#flush(feed, member);
  }

  /** How many clinic topics this instance listens to (metrics). */
  get topics(): number {
    return this.#feeds.size;
  }

  #heard(feed: Feed, event: DomainEvent, encode: (e: DomainEvent) => string): void {
    const seq = event.seq;
    if (seq === undefined) return;
    if (!feed.ring.has(seq)) this.#keep(feed, { seq, encoded: encode(event) });
    for (const m of feed.members) this.#flush(feed, m);
  }

  #keep(feed: Feed, entry: Entry): void {
    feed.ring.set(entry.seq, entry);
    if (entry.seq > feed.max) feed.max = entry.seq;
    if (feed.ring.size > RING)
      for (const seq of feed.ring.keys()) if (seq <= feed.max - RING) feed.ring.delete(seq);
  }

  #flush(feed: Feed, m: HubMember): void {
    if (m.replaying) return;
    for (let next = feed.ring.get(m.last + 1); next; next = feed.ring.get(m.last + 1)) {
      m.last = next.seq;
      m.send(next.encoded);
    }
    if (feed.max > m.last && !feed.fill) feed.fill = setTimeout(() => void this.#fill(feed), GAP_WAIT_MS);
  }

  /** Reads what members are still missing from the log (one query per topic, not per socket). */
  async #fill(feed: Feed): Promise<void> {
    const behind = [...feed.members].filter((m) => !m.replaying && m.last < feed.max);
    feed.fill = undefined;
    if (behind.length === 0) return;
    const from = Math.min(...behind.map((m) => m.last));
    const answer = await liveEventsAfter(this.#db, feed.clinicId, feed.topic, from, RING).catch(() => null);
    if (!answer) {
      feed.fill = setTimeout(() => void this.#fill(feed), GAP_WAIT_MS * 4);
      return;
    }
    // Numbers the log does not have (none should exist: events are published after their commit).
    if (answer.last < feed.max) {
      for (const seq of feed.ring.keys()) if (seq > answer.last) feed.ring.delete(seq);
      feed.max = answer.last;
    }
    if ('refetch' in answer) {
      for (const m of behind) {
        m.last = answer.last;
        m.refetch(answer.last);
      }
    } else {
      for (const e of answer.events)
        if (!feed.ring.has(e.seq))
          this.#keep(feed, {
            seq: e.seq,
            encoded: JSON.stringify({ op: 'event', clinicId: feed.clinicId, ...e }),
          });
    }
    for (const m of feed.members) this.#flush(feed, m);
  }
}
