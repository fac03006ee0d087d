import { defineModule } from '../../platform/assembly/manifest.ts';
import { registerAuditRoutes } from './routes.ts';

/** The clinic's audit log as the owner sees it (the log itself is the platform's). */
export const auditModule = defineModule({
  name: 'audit',
  permissions: { 'audit.read': ['owner'] },
  routes: registerAuditRoutes,
});

// What other modules may use.
export type { AuditEvent } from './repo.ts';
export { listAudit, verifyClinicAudit } from './service.ts';
