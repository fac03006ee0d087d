import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/deps.ts';
import { registerAuditRoutes } from './audit/index.ts';
import { registerClinicRoutes } from './clinics/index.ts';
import { registerPatientRoutes } from './patients/index.ts';
import { registerSchedulingRoutes } from './scheduling/index.ts';
import { registerStaffRoutes } from './staff/index.ts';

/** Every feature module registers its routes here, under /api/v1. */
export async function registerModules(api: FastifyInstance, deps: AppDeps): Promise<void> {
  registerClinicRoutes(api, deps);
  registerStaffRoutes(api, deps);
  registerAuditRoutes(api, deps);
  registerPatientRoutes(api, deps);
  registerSchedulingRoutes(api, deps);
}
