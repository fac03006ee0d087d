import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import {
  clinicParams,
  clinicParamsWith,
  problems,
  problemsWithConflict,
  problemsWithConflictAndLimit,
} from '../../platform/http/route-kit.ts';
import { singleLine } from '../../platform/http/text.ts';
import { appointmentSchema } from '../scheduling/index.ts';
import { answer, listApprovals } from './approvals/service.ts';
import { bookAsPatient } from './patient/service.ts';
import { holdBody } from './public/schema.ts';
import {
  bookingSettingsOutSchema,
  putBookingSettingsBody,
  serviceApprovalBody,
  serviceApprovalParams,
} from './settings/schema.ts';
import { getBookingSettings, putBookingSettings, setServiceApproval } from './settings/service.ts';

const tags = ['booking'];

/** The panel's side of online booking: the owner's settings and the approvals inbox. */
export function registerBookingStaffRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;
  const settings = { access: { kind: 'clinic', permission: 'booking.settings' } } as const;
  const approvals = { access: { kind: 'clinic', permission: 'booking.approvals' } } as const;

  r.get(
    '/clinics/:clinicId/booking-settings',
    {
      config: settings,
      schema: {
        tags,
        summary: 'Online booking settings, and which services need approval',
        params: clinicParams,
        response: { 200: bookingSettingsOutSchema, ...problems },
      },
    },
    (req) => getBookingSettings(db, req.params.clinicId, req.actor),
  );
  r.put(
    '/clinics/:clinicId/booking-settings',
    {
      config: settings,
      schema: {
        tags,
        summary: 'Change online booking settings (the owner); fields left out keep their value',
        params: clinicParams,
        body: putBookingSettingsBody,
        response: { 200: bookingSettingsOutSchema, ...problems },
      },
    },
    (req) => putBookingSettings(db, req.params.clinicId, req.actor, req.body),
  );
  r.put(
    '/clinics/:clinicId/booking-settings/services/:serviceId',
    {
      config: settings,
      schema: {
        tags,
        summary: 'Whether a service booked online needs the clinic’s approval',
        params: serviceApprovalParams,
        body: serviceApprovalBody,
        response: { 200: bookingSettingsOutSchema, ...problems },
      },
    },
    (req) =>
      setServiceApproval(db, req.params.clinicId, req.actor, req.params.serviceId, req.body.requiresApproval),
  );

  r.get(
    '/clinics/:clinicId/approvals',
    {
      config: approvals,
      schema: {
        tags,
        summary: 'Online bookings awaiting the clinic’s approval, soonest deadline first',
        params: clinicParams,
        response: {
          200: z.object({ items: z.array(appointmentSchema), count: z.number().int() }),
          ...problems,
        },
      },
    },
    (req) => listApprovals(db, req.params.clinicId, req.actor),
  );
  const answered = z.object({ id: z.string().uuid(), status: z.string() });
  const params = clinicParamsWith('appointmentId');
  r.post(
    '/clinics/:clinicId/appointments/:appointmentId/approve',
    {
      config: approvals,
      schema: {
        tags,
        summary: 'Approve a request: it becomes confirmed',
        params,
        response: { 200: answered, ...problemsWithConflict },
      },
    },
    (req) => answer(db, req.params.clinicId, req.actor, req.params.appointmentId, { approve: true }),
  );
  r.post(
    '/clinics/:clinicId/appointments/:appointmentId/decline',
    {
      config: approvals,
      schema: {
        tags,
        summary: 'Decline a request with a reason: it is cancelled and its time freed',
        params,
        body: z.object({ reason: singleLine({ min: 1, max: 500 }) }),
        response: { 200: answered, ...problemsWithConflict },
      },
    },
    (req) =>
      answer(db, req.params.clinicId, req.actor, req.params.appointmentId, {
        approve: false,
        reason: req.body.reason,
      }),
  );
}

/** A signed-in patient books for themself (no SMS code: the session proves who they are). */
export function registerPatientBookingRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/clinics/:clinicId/me/bookings',
    {
      config: { access: { kind: 'clinic', permission: 'appointments.own' } },
      schema: {
        tags,
        summary: 'Book a visit for yourself at a free time of the public list: confirmed, or requested',
        params: clinicParams,
        body: holdBody.extend({ slug: z.string().min(1).max(100) }),
        response: {
          201: z.object({
            id: z.string().uuid(),
            status: z.enum(['confirmed', 'requested']),
            startsAt: z.string(),
            holdExpiresAt: z.string().nullable(),
          }),
          ...problemsWithConflictAndLimit,
        },
      },
    },
    async (req, reply) => {
      const { slug, ...input } = req.body;
      const actor = { ...req.actor, ip: req.ip };
      return reply.status(201).send(await bookAsPatient(deps.db, req.params.clinicId, slug, actor, input));
    },
  );
}
