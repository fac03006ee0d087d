import type { Clock } from '../../platform/clock.ts';
import type { SlotsResult } from './appointment-schema.ts';

/**
 * A short-lived cache of slot answers, per clinic and exact query. Slots are the hottest read
 * and, under load, most askers want the same few calendars; an answer is reused for at most
 * `ttlMs`. Staleness is harmless for correctness (a booking of a slot taken meanwhile meets the
 * exclusion constraint and answers slot_taken) and short: every successful write to a clinic in
 * this instance drops that clinic's answers before its response is sent, and `appointments`
 * events from other instances drop them there. Slots that have started are filtered on the way
 * out. Answers are only ever served after the access check for that clinic has passed.
 */
export class SlotsCache {
  readonly #clinics = new Map<string, Map<string, { at: number; value: SlotsResult }>>();
  #size = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 2_000,
    private readonly maxEntries = 5_000,
  ) {}

  get(clinicId: string, key: string): SlotsResult | undefined {
    const hit = this.#clinics.get(clinicId)?.get(key);
    const now = this.clock.now().getTime();
    if (!hit || now - hit.at > this.ttlMs || now < hit.at) return undefined;
    const first = hit.value.slots[0];
    if (first && Date.parse(first.start) < now) {
      return { ...hit.value, slots: hit.value.slots.filter((s) => Date.parse(s.start) >= now) };
    }
    return hit.value;
  }

  set(clinicId: string, key: string, value: SlotsResult): void {
    if (this.#size >= this.maxEntries) this.clear();
    let entries = this.#clinics.get(clinicId);
    if (!entries) {
      entries = new Map();
      this.#clinics.set(clinicId, entries);
    }
    if (!entries.has(key)) this.#size++;
    entries.set(key, { at: this.clock.now().getTime(), value });
  }

  dropClinic(clinicId: string): void {
    const entries = this.#clinics.get(clinicId.toLowerCase());
    if (!entries) return;
    this.#size -= entries.size;
    this.#clinics.delete(clinicId.toLowerCase());
  }

  clear(): void {
    this.#clinics.clear();
    this.#size = 0;
  }
}
