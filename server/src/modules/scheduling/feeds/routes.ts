import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/deps.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { problems } from '../../../platform/http/route-kit.ts';
import { callerOf } from '../access.ts';
import { doctorParams } from '../schema.ts';
import { feedParams, feedSchema, feedStatusSchema } from './schema.ts';
import * as feeds from './service.ts';

const tags = ['appointments'];

/** A doctor’s private calendar feed: issue, replace, revoke, and the public iCalendar it serves. */
export function registerFeedRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const feed = { access: { kind: 'clinic', permission: 'calendar.feed' } } as const;

  r.get(
    '/clinics/:clinicId/doctors/:doctorId/calendar-feed',
    {
      config: feed,
      schema: {
        tags,
        summary: 'Whether the doctor has a calendar feed',
        params: doctorParams,
        response: { 200: feedStatusSchema, ...problems },
      },
    },
    (req) => feeds.feedStatus(deps.db, req.params.clinicId, callerOf(req), req.params.doctorId),
  );
  r.post(
    '/clinics/:clinicId/doctors/:doctorId/calendar-feed',
    {
      config: feed,
      schema: {
        tags,
        summary: 'Create or rotate the doctor’s calendar feed URL (shown once; the old one stops working)',
        params: doctorParams,
        response: { 200: feedSchema, ...problems },
      },
    },
    (req) =>
      feeds.issueFeed(
        deps.db,
        req.params.clinicId,
        callerOf(req),
        req.params.doctorId,
        deps.settings.publicUrl,
      ),
  );
  r.delete(
    '/clinics/:clinicId/doctors/:doctorId/calendar-feed',
    {
      config: feed,
      schema: {
        tags,
        summary: 'Revoke the calendar feed',
        params: doctorParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      await feeds.revokeFeed(deps.db, req.params.clinicId, callerOf(req), req.params.doctorId);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/public/calendar/:token',
    {
      // A plain URL calendar clients can fetch: its token is kept out of every log line.
      config: { access: { kind: 'public' }, secrets: { params: ['token'] } },
      schema: {
        tags,
        summary: 'A doctor’s calendar (iCalendar, text/calendar): service and patient first name only',
        params: feedParams,
        response: {
          200: { description: 'iCalendar (RFC 5545)', content: { 'text/calendar': { schema: z.string() } } },
          404: problemSchema,
        },
      },
    },
    async (req, reply) => {
      const text = await feeds.renderFeed(deps.db, req.params.token);
      return reply
        .type('text/calendar; charset=utf-8')
        .serializer((payload: unknown) => String(payload))
        .send(text);
    },
  );
}
