import { Cron } from 'croner';
import type { ScheduleSpec } from './types.ts';

/** A stable text of a schedule's spec: a changed spec resets the stored next run. */
export function specText(spec: ScheduleSpec): string {
  return 'every' in spec ? `every ${spec.every}ms` : `cron ${spec.cron} ${spec.timeZone ?? 'UTC'}`;
}

/** Throws on a malformed spec (checked when the registry is built, so the server stops at boot). */
export function validateSpec(name: string, spec: ScheduleSpec): void {
  if ('every' in spec) {
    if (!Number.isInteger(spec.every) || spec.every < 1)
      throw new Error(`schedule "${name}": every must be a positive whole number of ms`);
    return;
  }
  if (spec.cron.trim().split(/\s+/).length !== 5)
    throw new Error(`schedule "${name}": cron "${spec.cron}" must have 5 fields`);
  try {
    if (!cronOf(spec).nextRun(new Date(0))) throw new Error('it never fires');
  } catch (err) {
    throw new Error(`schedule "${name}": cron "${spec.cron}": ${(err as Error).message}`);
  }
}

function cronOf(spec: { cron: string; timeZone?: string }): Cron {
  return new Cron(spec.cron, { timezone: spec.timeZone ?? 'UTC', paused: true, mode: '5-part' });
}

/** The first time strictly after `after` that the schedule fires. */
export function nextRunAfter(spec: ScheduleSpec, after: Date): Date {
  if ('every' in spec) return new Date(after.getTime() + spec.every);
  const next = cronOf(spec).nextRun(after);
  if (!next) throw new Error(`cron "${spec.cron}" has no next run`);
  return next;
}
