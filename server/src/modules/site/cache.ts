import { gzipSync } from 'node:zlib';
import type { Clock } from '../../platform/clock.ts';

/** How long a rendered public page may be reused (ms): bounds what other instances see late. */
export const PAGE_CACHE_MS = 10_000;

/** A rendered answer, and its gzip made once (phones on slow links get a third of the bytes). */
export interface CachedPage {
  body: string;
  gzip: Buffer;
}

interface Entry extends CachedPage {
  clinicId: string;
  expiresAt: number;
}

/**
 * Rendered public pages per clinic, language and host, kept a few seconds: a busy clinic's home is
 * rendered a few times a minute instead of once per visitor. A write to the clinic through this
 * instance's API drops its pages at once (the manifest's `onClinicWrite`); other instances and
 * platform changes (a suspension) show within the TTL. Concurrent misses share one render, and a
 * render begun before a drop is not kept.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry | undefined>>();
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = PAGE_CACHE_MS,
  ) {}

  async get(
    key: string,
    render: () => Promise<{ clinicId: string; body: string } | undefined>,
  ): Promise<CachedPage | undefined> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit;
    const shared = this.pending.get(key);
    if (shared) return shared;
    const run = (async () => {
      const started = new Map(this.generation);
      const out = await render();
      if (!out) return undefined;
      const entry = { ...out, gzip: gzipSync(out.body), expiresAt: now + this.ttlMs };
      if (this.ttlMs > 0 && (started.get(out.clinicId) ?? 0) === (this.generation.get(out.clinicId) ?? 0))
        this.entries.set(key, entry);
      return entry;
    })();
    this.pending.set(key, run);
    try {
      return await run;
    } finally {
      this.pending.delete(key);
    }
  }

  dropClinic(clinicId: string): void {
    this.generation.set(clinicId, (this.generation.get(clinicId) ?? 0) + 1);
    for (const [key, e] of this.entries) if (e.clinicId === clinicId) this.entries.delete(key);
    // A render in flight for the clinic must not be shared with askers after the drop.
    this.pending.clear();
  }
}

const caches = new WeakMap<object, PageCache>();

/** One cache per app (its database handle stands for it): the API's write hook and the pages share it. */
export function pageCacheFor(app: object, clock: Clock, ttlMs?: number): PageCache {
  let cache = caches.get(app);
  if (!cache) {
    cache = new PageCache(clock, ttlMs);
    caches.set(app, cache);
  }
  return cache;
}
