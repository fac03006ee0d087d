import type { Clock } from '../../../platform/clock.ts';
import { PreparedJson } from '../../../platform/http/prepared-body.ts';
import { type SlotsResult, slotsResultSchema } from './schema.ts';

/**
 * A short-lived cache of slot answers, per clinic and exact query. Slots are the hottest read
 * and, under load, most askers want the same few calendars; an answer is reused for at most
 * `ttlMs`. Staleness is harmless for correctness (a booking of a slot taken meanwhile meets the
 * exclusion constraint and answers slot_taken) and short: every successful write to a clinic in
 * this instance drops that clinic's answers before its response is sent, and `appointments`
 * events from other instances drop them there. Slots that have started are filtered on the way
 * out. Answers are only ever served after the access check for that clinic has passed.
 *
 * - Answers are kept as JSON bytes (PreparedJson), validated against the response schema once when
 *   built: a hit writes those bytes, or their gzip made once, with no validation, JSON, encoding
 *   or compression work (answers of a free week run to tens of kilobytes).
 * - Concurrent misses of one question share one computation, and an answer just past its TTL
 *   is still sent while one refresh runs (no stampede, no stall, when an entry lapses under load;
 *   so an answer is at most 2 × TTL plus one computation old, and only when nothing was written).
 * - A computation that began before a drop of its clinic is never stored, nor joined by a request
 *   that came after the drop: a writer's next read is fresh.
 * - `ttlMs` 0 turns all of it off: every answer is computed.
 */
export class SlotsCache {
  readonly #clinics = new Map<string, Clinic>();
  #size = 0;
  #background = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 2_000,
    private readonly maxEntries = 5_000,
  ) {}

  /**
   * The answer to `key` in `clinicId` as JSON (UTF-8 bytes): cached, joined to one in flight, or computed.
   * An answer past its TTL but younger than twice that is still sent while one refresh runs
   * behind it, so a lapsing entry does not make its askers wait; older ones are recomputed.
   */
  async answer(clinicId: string, key: string, compute: () => Promise<SlotsResult>): Promise<PreparedJson> {
    if (this.ttlMs <= 0) return serialize(await compute());
    const clinic = this.#clinic(clinicId);
    const entry = clinic.entries.get(key);
    const now = this.clock.now().getTime();
    const age = entry ? now - entry.at : Number.POSITIVE_INFINITY;
    if (entry && age >= 0 && age <= this.ttlMs) return this.#current(entry, now);
    if (entry && age >= 0 && age <= 2 * this.ttlMs) {
      // Stale but usable: refresh behind it, a few at a time, so that entries lapsing together
      // (they were made together) do not take the cores at once; the rest wait their turn.
      if (!clinic.inFlight.has(key) && this.#background < MAX_BACKGROUND_REFRESHES) {
        this.#background++;
        const settle = () => {
          this.#background--;
        };
        // (A failed refresh is dropped here; the next asker past the stale window meets the error.)
        this.#refresh(clinicId, clinic, key, compute).then(settle, settle);
      }
      return this.#current(entry, now);
    }
    return clinic.inFlight.get(key) ?? this.#refresh(clinicId, clinic, key, compute);
  }

  /** The fresh cached answer as JSON bytes, or undefined. */
  get(clinicId: string, key: string): PreparedJson | undefined {
    const entry = this.#clinics.get(clinicId)?.entries.get(key);
    const now = this.clock.now().getTime();
    if (!entry || now - entry.at > this.ttlMs || now < entry.at) return undefined;
    return this.#current(entry, now);
  }

  /** The entry's JSON, once without the slots that have started by `now`. */
  #current(entry: Entry, now: number): PreparedJson {
    if (entry.firstStart < now) {
      entry.value = { ...entry.value, slots: entry.value.slots.filter((s) => Date.parse(s.start) >= now) };
      entry.firstStart = firstStartOf(entry.value);
      entry.json = serialize(entry.value);
    }
    return entry.json;
  }

  #refresh(clinicId: string, clinic: Clinic, key: string, compute: () => Promise<SlotsResult>) {
    const flight = compute().then((value) => {
      const json = serialize(value);
      // Dropped meanwhile: this answer may predate the write, so it is not kept.
      if (this.#clinics.get(clinicId) === clinic) this.#store(clinic, key, value, json);
      return json;
    });
    clinic.inFlight.set(key, flight);
    const done = () => {
      if (clinic.inFlight.get(key) === flight) clinic.inFlight.delete(key);
    };
    flight.then(done, done);
    return flight;
  }

  set(clinicId: string, key: string, value: SlotsResult): void {
    if (this.ttlMs > 0) this.#store(this.#clinic(clinicId), key, value, serialize(value));
  }

  dropClinic(clinicId: string): void {
    const clinic = this.#clinics.get(clinicId.toLowerCase());
    if (!clinic) return;
    this.#size -= clinic.entries.size;
    this.#clinics.delete(clinicId.toLowerCase());
  }

  clear(): void {
    this.#clinics.clear();
    this.#size = 0;
  }

  #clinic(clinicId: string): Clinic {
    let clinic = this.#clinics.get(clinicId);
    if (!clinic) {
      clinic = { entries: new Map(), inFlight: new Map() };
      this.#clinics.set(clinicId, clinic);
    }
    return clinic;
  }

  #store(clinic: Clinic, key: string, value: SlotsResult, json: PreparedJson): void {
    if (this.#size >= this.maxEntries) {
      for (const c of this.#clinics.values()) c.entries.clear();
      this.#size = 0;
    }
    if (!clinic.entries.has(key)) this.#size++;
    clinic.entries.set(key, { at: this.clock.now().getTime(), value, firstStart: firstStartOf(value), json });
  }
}

/** Background refreshes running at once, across clinics (each takes a database connection). */
const MAX_BACKGROUND_REFRESHES = 2;

interface Clinic {
  entries: Map<string, Entry>;
  /** Computations under way, by question: later askers wait for the same answer. */
  inFlight: Map<string, Promise<PreparedJson>>;
}

interface Entry {
  at: number;
  value: SlotsResult;
  /** When the earliest slot starts (ms), or +∞ when there is none. */
  firstStart: number;
  /** The answer as sent: encoded (and compressed) once, written to every asker's socket as is. */
  json: PreparedJson;
}

/** Through the response schema, as Fastify's serializer would: the same bytes either way. */
function serialize(value: SlotsResult): PreparedJson {
  return PreparedJson.of(JSON.stringify(slotsResultSchema.parse(value)));
}

function firstStartOf(value: SlotsResult): number {
  const first = value.slots[0];
  return first ? Date.parse(first.start) : Number.POSITIVE_INFINITY;
}
