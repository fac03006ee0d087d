import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/errors.ts';
import { clinicParams, problems, problemsWithConflict } from '../../platform/http/route-kit.ts';
import {
  SMS_SIGNATURE_HEADER,
  SMS_TIMESTAMP_HEADER,
  verifySmsSignature,
} from '../../platform/notify/sms-transport.ts';
import {
  appointmentParams,
  callItemSchema,
  callListQuery,
  myCancelBody,
  myRescheduleBody,
  noticeStateSchema,
  okSchema,
  smsStatusBody,
} from './schema.ts';
import {
  cancelByPatient,
  confirmAttendance,
  moveOptions,
  ownFacts,
  rescheduleByPatient,
  visitIcs,
} from './self-service.ts';
import {
  callList,
  clearCallFlag,
  noticeState,
  recordSmsStatus,
  revokeVisitLinks,
  smsStatusKey,
} from './staff-service.ts';

const tags = ['notices'];

export function registerNoticeRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const read = { access: { kind: 'clinic', permission: 'appointments.read' } } as const;
  const manage = { access: { kind: 'clinic', permission: 'appointments.manage' } } as const;
  const own = { access: { kind: 'clinic', permission: 'appointments.own' } } as const;

  r.get(
    '/clinics/:clinicId/appointments/:appointmentId/notices',
    {
      config: read,
      schema: {
        tags,
        summary: 'An appointment’s messages with delivery status, the patient’s answer and the call flag',
        params: appointmentParams,
        response: { 200: noticeStateSchema, ...problems },
      },
    },
    (req) => noticeState(deps, req.params.clinicId, req.actor, req.params.appointmentId),
  );
  r.post(
    '/clinics/:clinicId/appointments/:appointmentId/call-flag/clear',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The patient was called: clear the "call the patient" flag (audited)',
        params: appointmentParams,
        response: { 200: okSchema, ...problems },
      },
    },
    async (req) => {
      await clearCallFlag(deps, req.params.clinicId, req.actor, req.params.appointmentId);
      return { ok: true as const };
    },
  );
  r.post(
    '/clinics/:clinicId/appointments/:appointmentId/links/revoke',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Revoke the appointment’s self-service links (audited)',
        params: appointmentParams,
        response: { 200: z.object({ revoked: z.number().int() }), ...problems },
      },
    },
    async (req) => ({
      revoked: await revokeVisitLinks(deps, req.params.clinicId, req.actor, req.params.appointmentId),
    }),
  );
  r.get(
    '/clinics/:clinicId/call-patients',
    {
      config: read,
      schema: {
        tags,
        summary: 'Visits flagged "call the patient" (every message failed) starting in a range',
        params: clinicParams,
        querystring: callListQuery,
        response: { 200: z.object({ items: z.array(callItemSchema) }), ...problems },
      },
    },
    (req) => callList(deps, req.params.clinicId, req.actor, req.query),
  );

  // ---- the patient's own (signed in) ----
  const mine =
    (req: { actor: FastifyRequest['actor']; params: { appointmentId: string } }) => (tx: ClinicTx) =>
      ownFacts(tx, req.actor.userId ?? '', req.params.appointmentId);

  r.post(
    '/clinics/:clinicId/me/appointments/:appointmentId/cancel',
    {
      config: own,
      schema: {
        tags,
        summary: 'Cancel my appointment (within the clinic’s cancellation window)',
        params: appointmentParams,
        body: myCancelBody,
        response: { 200: okSchema, ...problemsWithConflict },
      },
    },
    async (req) => {
      await cancelByPatient(deps, req.params.clinicId, req.actor, mine(req), req.body.reason);
      return { ok: true as const };
    },
  );
  r.post(
    '/clinics/:clinicId/me/appointments/:appointmentId/reschedule',
    {
      config: own,
      schema: {
        tags,
        summary: 'Move my appointment to another free time (within the cancellation window)',
        params: appointmentParams,
        body: myRescheduleBody,
        response: { 200: okSchema, ...problemsWithConflict },
      },
    },
    async (req) => {
      await rescheduleByPatient(deps, req.params.clinicId, req.actor, mine(req), req.body.startsAt);
      return { ok: true as const };
    },
  );
  r.post(
    '/clinics/:clinicId/me/appointments/:appointmentId/confirm-attendance',
    {
      config: own,
      schema: {
        tags,
        summary: 'Tell the clinic I will come',
        params: appointmentParams,
        response: { 200: okSchema, ...problemsWithConflict },
      },
    },
    async (req) => {
      await confirmAttendance(deps, req.params.clinicId, req.actor, mine(req));
      return { ok: true as const };
    },
  );
  r.get(
    '/clinics/:clinicId/me/appointments/:appointmentId/move-options',
    {
      config: own,
      schema: {
        tags,
        summary: 'Free times my appointment can move to (same doctor and service, next two weeks)',
        params: appointmentParams,
        response: {
          200: z.object({ items: z.array(z.object({ start: z.string(), end: z.string() })) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const f = await withClinic(deps.db, req.params.clinicId, req.actor, mine(req));
      const slots = await moveOptions(deps, req.params.clinicId, req.actor, f);
      return { items: slots.map((s) => ({ start: s.start, end: s.end })) };
    },
  );
  r.get(
    '/clinics/:clinicId/me/appointments/:appointmentId/calendar.ics',
    {
      config: own,
      schema: {
        tags,
        summary: 'My appointment as an iCalendar file',
        params: appointmentParams,
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const f = await withClinic(deps.db, req.params.clinicId, req.actor, mine(req));
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="visit.ics"')
        .send(visitIcs(f, deps.clock.now()));
    },
  );

  // ---- the SMS provider's delivery reports: signed like our requests to it ----
  api.register(async (scope) => {
    const raw = new WeakMap<FastifyRequest, string>();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 8192 },
      (req, body, done) => {
        raw.set(req, String(body));
        try {
          done(null, JSON.parse(String(body)));
        } catch {
          done(new AppError(400, 'invalid_json', 'The body is not JSON'), undefined);
        }
      },
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/public/notify/sms-status',
      {
        config: { access: { kind: 'public' } },
        schema: {
          tags,
          summary: 'SMS delivery report (HMAC-signed like outgoing SMS requests; see docs/OPERATIONS.md)',
          body: smsStatusBody,
          response: { 200: z.object({ result: z.enum(['recorded', 'duplicate', 'unknown']) }), ...problems },
        },
      },
      async (req) => {
        const ok = verifySmsSignature(
          smsStatusKey(deps.settings),
          header(req, SMS_TIMESTAMP_HEADER),
          raw.get(req) ?? '',
          header(req, SMS_SIGNATURE_HEADER),
          deps.clock.now(),
        );
        if (!ok) throw new AppError(401, 'bad_signature', 'The signature is missing, wrong or too old');
        return { result: await recordSmsStatus(deps, req.actor, req.body) };
      },
    );
  });
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
