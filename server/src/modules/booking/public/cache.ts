import type { Clock } from '../../../platform/clock.ts';

/**
 * Public free-time answers reused for `ttlMs` per clinic and question (concurrent askers share one
 * computation). Stale answers are harmless: a hold re-checks the time uncached and the exclusion
 * constraint has the last word. Any appointment event and any staff write of the clinic drop its
 * answers. `ttlMs` 0 turns it off.
 */
export class PublicSlotsCache<T> {
  readonly #clinics = new Map<string, Map<string, { at: number; value: Promise<T> }>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 2_000,
    private readonly maxPerClinic = 500,
  ) {}

  get(clinicId: string, key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const now = this.clock.now().getTime();
    let entries = this.#clinics.get(clinicId);
    const hit = entries?.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (!entries) {
      entries = new Map();
      this.#clinics.set(clinicId, entries);
    }
    if (entries.size >= this.maxPerClinic) entries.clear();
    const value = compute();
    const mine = entries;
    mine.set(key, { at: now, value });
    // A failed computation is not kept.
    value.catch(() => {
      if (mine.get(key)?.value === value) mine.delete(key);
    });
    return value;
  }

  dropClinic(clinicId: string): void {
    this.#clinics.delete(clinicId);
  }
}
