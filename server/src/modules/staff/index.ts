import { defineModule } from '../../platform/assembly/manifest.ts';
import * as m0012 from './migrations/0012_invitation_doctor_setup.ts';
import { registerStaffRoutes } from './routes.ts';
import type { StaffTables } from './tables.ts';

/** Staff of a clinic: who works there, invitations, removal. */
export const staffModule = defineModule<StaffTables>({
  name: 'staff',
  migrations: { '0012_invitation_doctor_setup': m0012 },
  permissions: {
    'staff.read': ['owner', 'doctor', 'secretary'],
    'staff.manage': ['owner'],
  },
  routes: registerStaffRoutes,
});

// What other modules may use.
export { INVITATION_TTL_MS, type InvitationDeps, issueInvitation } from './invitations.ts';
export { addMember, currentStaff, type StaffDeps, type StaffMember } from './service.ts';
export type { StaffTables } from './tables.ts';
