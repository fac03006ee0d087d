import type { Clock } from '../clock.ts';
import type { Authenticated, ClinicMembership } from './types.ts';

export interface CachedAccess {
  auth: Authenticated;
  clinic: ClinicMembership | null;
  /** The session's own deadlines, checked on every hit. */
  expiresAt: number;
  idleExpiresAt: number;
}

/**
 * A few seconds' memory of "this token is user U, with these roles in clinic C", so most requests
 * skip the lookup transaction. It is dropped whole whenever a committed change may alter an
 * access decision (AccessWatch, and the event bus for other instances). A generation counter keeps
 * a lookup that started before such a change from caching what it read.
 */
export class SessionCache {
  readonly #entries = new Map<string, { value: CachedAccess; until: number }>();
  #generation = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 50_000,
  ) {}

  get generation(): number {
    return this.#generation;
  }

  get(key: string): CachedAccess | undefined {
    const entry = this.#entries.get(key);
    const now = this.clock.now().getTime();
    if (!entry || entry.until <= now || entry.value.expiresAt <= now || entry.value.idleExpiresAt <= now) {
      if (entry) this.#entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.value;
  }

  /** Stores what a lookup read, unless the cache was cleared since the lookup began. */
  set(key: string, value: CachedAccess, generationAtLookup: number): void {
    if (generationAtLookup !== this.#generation || this.ttlMs <= 0) return;
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, until: this.clock.now().getTime() + this.ttlMs });
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
