import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/errors.ts';
import { problemSchema } from '../http/problem.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: import('./gateway.ts').LiveGateway;
  }
}

/**
 * `GET /api/v1/live` as a plain request: the endpoint speaks WebSocket only (the upgrade is
 * taken before routing, platform/live/gateway.ts). Declared here so the API reference documents it.
 */
export function registerLiveRoute(api: FastifyInstance): void {
  api.get(
    '/live',
    {
      config: { access: { kind: 'public' } },
      // Not in the OpenAPI document, which cannot describe a WebSocket (docs/API.md does).
      schema: {
        hide: true,
        tags: ['live'],
        summary: 'Real-time events (WebSocket)',
        description:
          'Connect with a WebSocket (session cookie, or `Authorization: Bearer`). Send ' +
          '`{"op":"sub","clinicId","topic","after?","token?"}` to subscribe to a topic a module ' +
          'declares (e.g. `queue`, `queue/doctor/<id>`), authorised like the REST route with the ' +
          'same permission; `after` resumes from the last number seen (missed events are replayed, or ' +
          '`refetch` is sent when they are no longer kept). Messages: `subscribed`, `event` ' +
          '(`seq` numbers each topic), `refetch`, `denied`, `revoked`, `error`. ' +
          'Limits: 50 topics and 100 messages per 10 s per connection; pings every 30 s.',
        response: { 426: problemSchema },
      },
    },
    async () => {
      throw new AppError(426, 'upgrade_required', 'This endpoint speaks WebSocket only');
    },
  );
}
