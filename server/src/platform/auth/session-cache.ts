import type { Clock } from '../clock.ts';
import type { AccessScope } from '../db/access-listener.ts';
import type { Authenticated, ClinicMembership } from './types.ts';

export interface CachedAccess {
  auth: Authenticated;
  clinic: ClinicMembership | null;
  /** The session's own deadlines, checked on every hit. */
  expiresAt: number;
  idleExpiresAt: number;
}

interface Entry {
  value: CachedAccess;
  until: number;
}

/** How many entries were dropped by scope of the change that dropped them. */
export interface ClearCounts {
  user: number;
  clinic: number;
  all: number;
}

/**
 * A few seconds' memory of "this token is user U, with these roles in clinic C", so most requests
 * skip the lookup transaction. It answers only while `trusted()` (the database's access listener
 * is connected and caught up: platform/db/access-listener.ts); otherwise every request is looked
 * up. A committed access change drops what it touched: one user's entries, one clinic's, or all.
 * A generation counter keeps a lookup that started before such a change from caching what it read.
 */
export class SessionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #byUser = new Map<string, Set<string>>();
  readonly #byClinic = new Map<string, Set<string>>();
  #generation = 0;
  hits = 0;
  misses = 0;
  /** Requests looked up because the cache could not be trusted (listener down or catching up). */
  bypassed = 0;
  /** Changes that dropped entries, by scope. */
  readonly clears: ClearCounts = { user: 0, clinic: 0, all: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 50_000,
    private readonly trusted: () => boolean = () => true,
  ) {}

  get generation(): number {
    return this.#generation;
  }

  get(key: string): CachedAccess | undefined {
    if (this.ttlMs > 0 && !this.trusted()) {
      this.bypassed++;
      this.misses++;
      return undefined;
    }
    const entry = this.#entries.get(key);
    const now = this.clock.now().getTime();
    if (!entry || entry.until <= now || entry.value.expiresAt <= now || entry.value.idleExpiresAt <= now) {
      if (entry) this.#drop(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.value;
  }

  /** Stores what a lookup read, unless the cache was cleared since the lookup began or is not trusted now. */
  set(key: string, value: CachedAccess, generationAtLookup: number): void {
    if (generationAtLookup !== this.#generation || this.ttlMs <= 0 || !this.trusted()) return;
    if (this.#entries.has(key)) this.#drop(key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#drop(oldest);
    }
    this.#entries.set(key, { value, until: this.clock.now().getTime() + this.ttlMs });
    index(this.#byUser, value.auth.user.id, key);
    if (value.clinic) index(this.#byClinic, value.clinic.id, key);
  }

  /** Drops what an access change touched: `u:<user>`, `c:<clinic>`, or `*` for everything. */
  invalidate(scopes: readonly AccessScope[]): void {
    this.#generation++;
    if (scopes.includes('*')) {
      this.clears.all++;
      this.#entries.clear();
      this.#byUser.clear();
      this.#byClinic.clear();
      return;
    }
    for (const scope of scopes) {
      const id = scope.slice(2);
      if (scope.startsWith('u:')) {
        this.clears.user++;
        for (const key of this.#byUser.get(id) ?? []) this.#drop(key);
      } else if (scope.startsWith('c:')) {
        this.clears.clinic++;
        for (const key of this.#byClinic.get(id) ?? []) this.#drop(key);
      }
    }
  }

  clear(): void {
    this.invalidate(['*']);
  }

  get size(): number {
    return this.#entries.size;
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    unindex(this.#byUser, entry.value.auth.user.id, key);
    if (entry.value.clinic) unindex(this.#byClinic, entry.value.clinic.id, key);
  }
}

function index(map: Map<string, Set<string>>, id: string, key: string): void {
  let keys = map.get(id);
  if (!keys) {
    keys = new Set();
    map.set(id, keys);
  }
  keys.add(key);
}

function unindex(map: Map<string, Set<string>>, id: string, key: string): void {
  const keys = map.get(id);
  if (!keys) return;
  keys.delete(key);
  if (keys.size === 0) map.delete(id);
}
