import { auditModule } from './modules/audit/index.ts';
import { bookingModule } from './modules/booking/index.ts';
import { clinicsModule } from './modules/clinics/index.ts';
import { insightsModule } from './modules/insights/index.ts';
import { noticesModule } from './modules/notices/index.ts';
import { patientsModule } from './modules/patients/index.ts';
import { queueModule } from './modules/queue/index.ts';
import { schedulingModule } from './modules/scheduling/index.ts';
import { siteModule } from './modules/site/index.ts';
import { staffModule } from './modules/staff/index.ts';
import { waitlistModule } from './modules/waitlist/index.ts';
import { Permissions } from './platform/access/permissions.ts';
import type { DatabaseOf } from './platform/assembly/manifest.ts';
import { assembleMigrations } from './platform/assembly/registry.ts';
import { platformMigrations } from './platform/db/migrations/index.ts';
import type { PlatformDB } from './platform/db/schema.ts';

/**
 * The feature modules of this app, in order: routes, demos, jobs and schedules are set up in this order.
 * Adding a module means adding it here; no platform file changes.
 */
export const MODULES = [
  clinicsModule,
  staffModule,
  auditModule,
  patientsModule,
  schedulingModule,
  siteModule,
  bookingModule,
  noticesModule,
  waitlistModule,
  queueModule,
  insightsModule,
] as const;

/** Every table of the app, platform and modules: for tools and tests that read across modules. */
export type AppDB = PlatformDB & DatabaseOf<typeof MODULES>;

/** The platform's and the modules' migrations, one list in name order. */
export const MIGRATIONS = assembleMigrations(platformMigrations, MODULES);

/** Who may do what, assembled from the modules' grants. */
export const PERMISSIONS = new Permissions(MODULES);
