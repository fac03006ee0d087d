import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0004 from './0004_access_version.ts';
import * as m0005 from './0005_jobs.ts';
import * as m0006 from './0006_least_privilege.ts';
import * as m0007 from './0007_account_security.ts';
import * as m0009 from './0009_mfa.ts';
import * as m0017 from './0017_live_events.ts';

/**
 * The platform's own migrations. Modules bring theirs in their manifests; the app assembles one
 * list ordered by name (platform/assembly/registry.ts). Never edit one that has landed: add the next.
 */
export const platformMigrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0004_access_version': m0004,
  '0005_jobs': m0005,
  '0006_least_privilege': m0006,
  '0007_account_security': m0007,
  '0009_mfa': m0009,
  '0017_live_events': m0017,
};
