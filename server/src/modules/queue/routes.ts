import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../platform/assembly/manifest.ts';
import { problems, problemsWithConflict } from '../../platform/http/route-kit.ts';
import * as actions from './actions.ts';
import { board, estimates, myQueue } from './board.ts';
import { callerOf } from './caller.ts';
import { checkIn, checkInMyself, walkIn } from './check-in.ts';
import type { QueueAction } from './core.ts';
import { createDisplay, listDisplays, revokeDisplay } from './displays.ts';
import {
  boardQuery,
  boardSchema,
  checkInBody,
  clinicParams,
  createDisplayBody,
  createdDisplaySchema,
  displayParams,
  displaySchema,
  doctorParams,
  emptyBody,
  entryParams,
  estimatesSchema,
  leftBody,
  moveBody,
  myCheckInBody,
  myQueueSchema,
  queueEntrySchema,
  ticketLinkSchema,
  urgentBody,
  waitingListSchema,
  walkInBody,
} from './schema.ts';

const tags = ['queue'];

/** The queue's staff and patient routes under /api/v1/clinics/{clinicId}/…. */
export function registerQueueRoutes(api: FastifyInstance, deps: ModuleContext): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const access = (permission: string) => ({ access: { kind: 'clinic', permission } }) as const;
  const read = access('queue.read');
  const desk = access('queue.desk');
  const consult = access('queue.consult');
  const base = '/clinics/:clinicId/queue';

  r.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary:
          'The live board of a day: each doctor’s current, waiting and finished patients, and who has not arrived',
        params: clinicParams,
        querystring: boardQuery,
        response: { 200: boardSchema, ...problems },
      },
    },
    (req) => board(deps, req.params.clinicId, callerOf(req), req.query),
  );
  r.post(
    `${base}/check-in`,
    {
      config: desk,
      schema: {
        tags,
        summary: 'Check a patient in (today’s confirmed appointment, by id or QR code); idempotent',
        params: clinicParams,
        body: checkInBody,
        response: { 200: queueEntrySchema, ...problemsWithConflict },
      },
    },
    (req) => checkIn(deps, req.params.clinicId, callerOf(req), req.body),
  );
  r.post(
    `${base}/walk-in`,
    {
      config: desk,
      schema: {
        tags,
        summary:
          'A walk-in joins the queue: an appointment is recorded at the doctor’s first free time today',
        params: clinicParams,
        body: walkInBody,
        response: { 200: queueEntrySchema, ...problemsWithConflict },
      },
    },
    (req) => walkIn(deps, req.params.clinicId, callerOf(req), req.body),
  );
  r.post(
    `${base}/doctors/:doctorId/call-next`,
    {
      config: consult,
      schema: {
        tags,
        summary: 'Call the doctor’s next patient (pressed again while one is called: that one again)',
        params: doctorParams,
        body: emptyBody,
        response: { 200: queueEntrySchema, ...problemsWithConflict },
      },
    },
    (req) => actions.callNext(deps, req.params.clinicId, callerOf(req), req.params.doctorId),
  );

  const entryActions: { action: QueueAction; config: typeof desk; summary: string }[] = [
    { action: 'call', config: consult, summary: 'Call this patient' },
    { action: 'return', config: consult, summary: 'Back to waiting (a called patient; at the front)' },
    { action: 'start', config: consult, summary: 'Start the consultation (the appointment is in progress)' },
    { action: 'finish', config: consult, summary: 'Finish the consultation (the appointment is completed)' },
    { action: 'check-out', config: desk, summary: 'Check out at the desk after the consultation' },
  ];
  for (const a of entryActions) {
    r.post(
      `${base}/entries/:entryId/${a.action}`,
      {
        config: a.config,
        schema: {
          tags,
          summary: a.summary,
          params: entryParams,
          body: emptyBody,
          response: { 200: queueEntrySchema, ...problemsWithConflict },
        },
      },
      (req) => actions.act(deps, req.params.clinicId, callerOf(req), req.params.entryId, a.action),
    );
  }
  r.post(
    `${base}/entries/:entryId/left`,
    {
      config: desk,
      schema: {
        tags,
        summary: 'Left without being seen (the appointment is cancelled with that reason)',
        params: entryParams,
        body: leftBody,
        response: { 200: queueEntrySchema, ...problemsWithConflict },
      },
    },
    (req) =>
      actions.act(deps, req.params.clinicId, callerOf(req), req.params.entryId, 'left', req.body?.reason),
  );
  r.post(
    `${base}/entries/:entryId/move`,
    {
      config: desk,
      schema: {
        tags,
        summary:
          'Move a waiting patient to a position of the doctor’s line (as QueueEntry.position); reason required',
        params: entryParams,
        body: moveBody,
        response: { 200: waitingListSchema, ...problemsWithConflict },
      },
    },
    (req) => actions.moveTo(deps, req.params.clinicId, callerOf(req), req.params.entryId, req.body),
  );
  r.post(
    `${base}/entries/:entryId/urgent`,
    {
      config: desk,
      schema: {
        tags,
        summary: 'Mark urgent (first in the line) or not; reason required',
        params: entryParams,
        body: urgentBody,
        response: { 200: queueEntrySchema, ...problemsWithConflict },
      },
    },
    (req) => actions.setUrgent(deps, req.params.clinicId, callerOf(req), req.params.entryId, req.body),
  );

  r.get(
    `${base}/displays`,
    {
      config: desk,
      schema: {
        tags,
        summary: 'Waiting-room screens (without their addresses)',
        params: clinicParams,
        response: { 200: z.object({ items: z.array(displaySchema) }), ...problems },
      },
    },
    (req) => listDisplays(deps, req.params.clinicId, callerOf(req)),
  );
  r.post(
    `${base}/displays`,
    {
      config: desk,
      schema: {
        tags,
        summary: 'A new waiting-room screen: its address is shown once',
        params: clinicParams,
        body: createDisplayBody,
        response: { 201: createdDisplaySchema, ...problems },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createDisplay(deps, req.params.clinicId, callerOf(req), req.body)),
  );
  r.post(
    `${base}/displays/:displayId/revoke`,
    {
      config: desk,
      schema: {
        tags,
        summary: 'Switch a screen off: its address stops working at once',
        params: displayParams,
        body: emptyBody,
        response: { 200: displaySchema, ...problems },
      },
    },
    async (req) => {
      const revoked = await revokeDisplay(deps, req.params.clinicId, callerOf(req), req.params.displayId);
      // After the commit: every instance drops the screen's subscriptions at once.
      await deps.recheckLive(req.params.clinicId.toLowerCase());
      return revoked;
    },
  );
  r.get(
    `${base}/estimates`,
    {
      config: access('queue.estimates'),
      schema: {
        tags,
        summary: 'How good the wait estimates were (estimated vs real start, last 30 days)',
        params: clinicParams,
        response: { 200: estimatesSchema, ...problems },
      },
    },
    (req) => estimates(deps, req.params.clinicId, callerOf(req)),
  );

  const own = access('queue.own');
  r.get(
    '/clinics/:clinicId/me/queue',
    {
      config: own,
      schema: {
        tags,
        summary: 'My tickets today and the appointments I can check in for (empty without a patient record)',
        params: clinicParams,
        response: { 200: myQueueSchema, ...problems },
      },
    },
    (req) => myQueue(deps, req.params.clinicId, callerOf(req)),
  );
  r.post(
    '/clinics/:clinicId/me/queue/check-in',
    {
      config: own,
      schema: {
        tags,
        summary: 'I’m here: check in for my own appointment today (from 2 hours before)',
        params: clinicParams,
        body: myCheckInBody,
        response: { 200: ticketLinkSchema, ...problemsWithConflict },
      },
    },
    (req) => checkInMyself(deps, req.params.clinicId, callerOf(req), req.body.appointmentId),
  );
}
