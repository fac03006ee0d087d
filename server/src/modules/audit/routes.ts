import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps.ts';
import { clinicIdOf, clinicParams, problems } from '../../platform/http/route-kit.ts';
import { auditPage, auditQuery, verifyResponse } from './schema.ts';
import { listAudit, verifyClinicAudit } from './service.ts';

/** The owner's view of the clinic's append-only audit log, and its integrity check. */
export function registerAuditRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/clinics/:clinicId/audit',
    {
      config: { access: { kind: 'clinic', permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'The clinic’s audit log, newest first, with filters',
        params: clinicParams,
        querystring: auditQuery,
        response: { 200: auditPage, ...problems },
      },
    },
    async (request) => {
      const page = await listAudit(deps, clinicIdOf(request), request.actor, request.query);
      return {
        items: page.items.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  );

  r.get(
    '/clinics/:clinicId/audit/verify',
    {
      config: { access: { kind: 'clinic', permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the audit hash chain and report the first broken link',
        params: clinicParams,
        response: { 200: verifyResponse, ...problems },
      },
    },
    async (request) => verifyClinicAudit(deps, clinicIdOf(request), request.actor),
  );
}
