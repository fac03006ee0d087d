import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { checkInAtDesk, displayBoard, ticketPage } from './public.ts';
import {
  publicCheckInBody,
  publicDisplaySchema,
  publicTicketSchema,
  slugParams,
  ticketUrlSchema,
  tokenParams,
} from './schema.ts';

const tags = ['public queue'];
const open = { access: { kind: 'public' }, secrets: { params: ['token'] } } as const;

/** No sign-in: the TV's board, the patient's ticket, self check-in with the desk code. */
export function registerPublicQueueRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/public/queue/displays/:token',
    {
      config: open,
      schema: {
        tags,
        summary:
          'A waiting-room screen: called, in consultation and waiting tickets (initials only); 404 once revoked',
        params: tokenParams,
        response: { 200: publicDisplaySchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return displayBoard(deps, req.params.token);
    },
  );
  r.get(
    '/public/queue/tickets/:token',
    {
      config: open,
      schema: {
        tags,
        summary: 'A patient’s ticket: state, position, people ahead and the estimated wait',
        params: tokenParams,
        response: { 200: publicTicketSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return ticketPage(deps, req.params.token);
    },
  );
  r.post(
    '/public/clinics/:slug/check-in',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags,
        summary: 'Self check-in with the desk’s code of the day and the phone of today’s appointment',
        params: slugParams,
        body: publicCheckInBody,
        response: {
          200: ticketUrlSchema,
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
          429: problemSchema,
        },
      },
    },
    (req) => checkInAtDesk(deps, req.params.slug, req.body, req.ip),
  );
}
