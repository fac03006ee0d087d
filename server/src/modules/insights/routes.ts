import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps.ts';
import { clinicParams, problems } from '../../platform/http/route-kit.ts';
import { attendanceQuery, attendanceSchema } from './schema.ts';
import { attendanceReport } from './service.ts';

export function registerInsightRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/clinics/:clinicId/insights/attendance',
    {
      config: { access: { kind: 'clinic', permission: 'insights.attendance' } },
      schema: {
        tags: ['insights'],
        summary: 'No-shows, reminder confirmations, cancellations and lead time, per week and per doctor',
        params: clinicParams,
        querystring: attendanceQuery,
        response: { 200: attendanceSchema, ...problems },
      },
    },
    (req) =>
      attendanceReport(
        deps.db,
        req.params.clinicId,
        { actor: req.actor, roles: req.clinic?.roles ?? [] },
        req.query,
      ),
  );
}
