import type { ClinicRole } from '../db/schema.ts';

/**
 * The one table of who may do what in a clinic. A permission not listed for a role is denied.
 * Routes name a permission; the access hook (access/hook.ts) is the only place that reads this.
 */
export const CLINIC_PERMISSIONS = {
  'clinic.read': ['owner', 'doctor', 'secretary', 'patient'],
  'staff.read': ['owner', 'doctor', 'secretary'],
  'staff.manage': ['owner'],
  'audit.read': ['owner'],
  'patients.read': ['owner', 'doctor', 'secretary'],
  'patients.manage': ['owner', 'doctor', 'secretary'],
  // Scheduling. Where a doctor holds a permission below, the module narrows it to their own
  // profile, hours, agenda and feed (scheduling/access.ts).
  'scheduling.read': ['owner', 'doctor', 'secretary'],
  'scheduling.manage': ['owner', 'secretary'],
  'doctors.manage': ['owner', 'secretary', 'doctor'],
  'appointments.read': ['owner', 'doctor', 'secretary'],
  'appointments.manage': ['owner', 'doctor', 'secretary'],
  // Anyone's own appointments as a patient (staff can be patients of their clinic too).
  'appointments.own': ['owner', 'doctor', 'secretary', 'patient'],
  'calendar.feed': ['owner', 'doctor'],
} as const satisfies Record<string, readonly ClinicRole[]>;

export type ClinicPermission = keyof typeof CLINIC_PERMISSIONS;

export const PLATFORM_PERMISSIONS = {
  'platform.clinics.manage': ['admin'],
} as const satisfies Record<string, readonly 'admin'[]>;

export type PlatformPermission = keyof typeof PLATFORM_PERMISSIONS;

export function roleAllows(roles: readonly ClinicRole[], permission: ClinicPermission): boolean {
  const allowed: readonly ClinicRole[] = CLINIC_PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/**
 * What a route requires, declared on the route as `config.access`:
 * - `public`: anyone (rate limits still apply);
 * - `user`: any signed-in user;
 * - `clinic`: a member of the `:clinicId` in the path whose role grants `permission`;
 * - `platform`: a platform admin.
 * A route under /api without one fails at startup: default deny.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'clinic'; permission: ClinicPermission }
  | { kind: 'platform'; permission: PlatformPermission };
