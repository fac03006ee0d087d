import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../platform/deps.ts';
import { problems } from '../../../platform/http/route-kit.ts';
import { callerOf } from '../access.ts';
import type { SlotsCache } from './cache.ts';
import { slotsParams, slotsQuery, slotsResultSchema } from './schema.ts';
import { findSlots } from './service.ts';

const tags = ['appointments'];

/** Free slots for a service, answered from the slots cache. */
export function registerSlotRoutes(api: FastifyInstance, deps: AppDeps, slots: SlotsCache): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const read = { access: { kind: 'clinic', permission: 'appointments.read' } } as const;

  r.get(
    '/clinics/:clinicId/services/:serviceId/slots',
    {
      config: read,
      schema: {
        tags,
        summary: 'Free slots for a service, for one doctor or every doctor offering it',
        params: slotsParams,
        querystring: slotsQuery,
        response: { 200: slotsResultSchema, ...problems },
      },
    },
    async (req, reply) => {
      // Cached per clinic and exact query (slots-cache.ts); the access check above has passed.
      const clinicId = req.params.clinicId;
      const key = `${req.params.serviceId}?${JSON.stringify(req.query)}`;
      const answer = await slots.answer(clinicId, key, () =>
        findSlots(deps.db, clinicId, callerOf(req), req.params.serviceId, req.query),
      );
      // JSON already, validated by the cache; compressed for clients that accept it.
      return answer.send(req, reply as FastifyReply);
    },
  );
}
