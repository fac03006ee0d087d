/** The clinic's audit log as the owner sees it. What other code may use. */
export type { AuditEvent } from './repo.ts';
export { registerAuditRoutes } from './routes.ts';
export { listAudit, verifyClinicAudit } from './service.ts';
