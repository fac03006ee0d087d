/** Staff of a clinic: who works there, invitations, removal. What other modules may use. */
export { INVITATION_TTL_MS, type InvitationDeps, issueInvitation } from './invitations.ts';
export { registerStaffRoutes } from './routes.ts';
export { addMember, currentStaff, type StaffDeps, type StaffMember } from './service.ts';
