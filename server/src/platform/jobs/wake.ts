/** A job row's key (a platform job carries PLATFORM_JOBS as its clinic). */
export interface JobKey {
  clinicId: string;
  id: string;
}

/**
 * How a committed transaction tells the job runners of this process that it queued jobs due now
 * (the fast path: they run at once instead of at the next poll). Runners listen while started;
 * with none listening the jobs wait in the table for a runner's poll.
 */
export class JobWake {
  readonly #listeners = new Set<(keys: readonly JobKey[]) => Promise<void>>();

  listen(fn: (keys: readonly JobKey[]) => Promise<void>): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Resolves when every listener has run (or given up on) the jobs; never rejects. */
  async committed(keys: readonly JobKey[]): Promise<void> {
    if (keys.length === 0 || this.#listeners.size === 0) return;
    await Promise.all([...this.#listeners].map((fn) => fn(keys).catch(() => {})));
  }
}
