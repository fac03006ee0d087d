import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_patients.ts';
import * as m0003 from './0003_scheduling.ts';

/** Every migration, in order. Never edit one that has landed: add the next. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_patients': m0002,
  '0003_scheduling': m0003,
};
