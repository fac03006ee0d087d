import { validateSpec } from './schedule.ts';
import type { JobDefinition, ScheduleDefinition } from './types.ts';

const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/**
 * The named jobs and schedules of one app, from the platform and every module's manifest.
 * A clash, a malformed name or a bad schedule stops the server at boot.
 */
export class JobRegistry<C> {
  readonly #jobs = new Map<string, JobDefinition<C>>();
  readonly #schedules = new Map<string, ScheduleDefinition<C>>();

  constructor(
    sets: ReadonlyArray<{ jobs?: readonly JobDefinition<C>[]; schedules?: readonly ScheduleDefinition<C>[] }>,
  ) {
    for (const set of sets) {
      for (const job of set.jobs ?? []) this.#add(this.#jobs, 'job', job);
      for (const schedule of set.schedules ?? []) {
        validateSpec(schedule.name, schedule);
        this.#add(this.#schedules, 'schedule', schedule);
      }
    }
  }

  #add<D extends { name: string }>(map: Map<string, D>, what: string, def: D): void {
    if (!NAME.test(def.name)) throw new Error(`${what} name "${def.name}" is not lower-case words and dots`);
    if (map.has(def.name)) throw new Error(`${what} "${def.name}" is defined twice`);
    map.set(def.name, def);
  }

  job(name: string): JobDefinition<C> | undefined {
    return this.#jobs.get(name);
  }

  get jobNames(): string[] {
    return [...this.#jobs.keys()];
  }

  get schedules(): ScheduleDefinition<C>[] {
    return [...this.#schedules.values()];
  }
}
