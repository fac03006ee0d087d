import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/deps.ts';
import {
  clinicParams,
  problems,
  problemsWithConflict as withConflict,
} from '../../../platform/http/route-kit.ts';
import { callerOf } from '../access.ts';
import {
  appointmentParams,
  appointmentSchema,
  bookBody,
  cancelBody,
  listAppointmentsQuery,
  myAppointmentSchema,
  myAppointmentsQuery,
  rescheduleBody,
  seriesBody,
  seriesResultSchema,
} from './schema.ts';
import * as appointments from './service.ts';

const tags = ['appointments'];

/** Appointments and their state changes, series, and a patient’s own list. */
export function registerAppointmentRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db };
  const read = { access: { kind: 'clinic', permission: 'appointments.read' } } as const;
  const manage = { access: { kind: 'clinic', permission: 'appointments.manage' } } as const;

  r.get(
    '/clinics/:clinicId/appointments',
    {
      config: read,
      schema: {
        tags,
        summary: 'Appointments overlapping a time range (a doctor sees their own)',
        params: clinicParams,
        querystring: listAppointmentsQuery,
        response: { 200: z.object({ items: z.array(appointmentSchema) }), ...problems },
      },
    },
    (req) => appointments.listAppointments(ctx, req.params.clinicId, callerOf(req), req.query),
  );
  r.get(
    '/clinics/:clinicId/appointments/:appointmentId',
    {
      config: read,
      schema: {
        tags,
        summary: 'One appointment',
        params: appointmentParams,
        response: { 200: appointmentSchema, ...problems },
      },
    },
    (req) => appointments.getAppointment(ctx, req.params.clinicId, callerOf(req), req.params.appointmentId),
  );
  r.post(
    '/clinics/:clinicId/appointments',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Book (confirmed, or a pending hold with holdMinutes); 409 slot_taken when the time is gone',
        params: clinicParams,
        body: bookBody,
        response: { 201: appointmentSchema, ...withConflict },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await appointments.book(ctx, req.params.clinicId, callerOf(req), req.body)),
  );
  r.post(
    '/clinics/:clinicId/appointment-series',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Book a weekly series: free occurrences are booked, taken ones reported (or a dry run)',
        params: clinicParams,
        body: seriesBody,
        response: { 200: seriesResultSchema, ...withConflict },
      },
    },
    (req) => appointments.bookSeries(ctx, req.params.clinicId, callerOf(req), req.body),
  );
  r.post(
    '/clinics/:clinicId/appointments/:appointmentId/reschedule',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Move to another time (and doctor) in one step: the new time is taken and the old freed, or neither',
        params: appointmentParams,
        body: rescheduleBody,
        response: { 200: appointmentSchema, ...withConflict },
      },
    },
    (req) =>
      appointments.reschedule(ctx, req.params.clinicId, callerOf(req), req.params.appointmentId, req.body),
  );

  const changes = [
    ['confirm', 'confirm', 'Confirm a pending hold'],
    ['check-in', 'checkIn', 'The patient has arrived'],
    ['start', 'start', 'The visit begins'],
    ['complete', 'complete', 'The visit is over'],
    ['no-show', 'markNoShow', 'The patient did not come (once the start time has passed)'],
  ] as const;
  for (const [path, name, summary] of changes) {
    r.post(
      `/clinics/:clinicId/appointments/:appointmentId/${path}`,
      {
        config: manage,
        schema: {
          tags,
          summary,
          params: appointmentParams,
          response: { 200: appointmentSchema, ...withConflict },
        },
      },
      (req) =>
        appointments.change(ctx, req.params.clinicId, callerOf(req), req.params.appointmentId, {
          name,
        }),
    );
  }
  r.post(
    '/clinics/:clinicId/appointments/:appointmentId/cancel',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Cancel, with a reason',
        params: appointmentParams,
        body: cancelBody,
        response: { 200: appointmentSchema, ...withConflict },
      },
    },
    (req) =>
      appointments.change(ctx, req.params.clinicId, callerOf(req), req.params.appointmentId, {
        name: 'cancel',
        reason: req.body.reason,
      }),
  );

  r.get(
    '/clinics/:clinicId/me/appointments',
    {
      config: { access: { kind: 'clinic', permission: 'appointments.own' } },
      schema: {
        tags,
        summary: 'A patient’s own appointments',
        params: clinicParams,
        querystring: myAppointmentsQuery,
        response: { 200: z.object({ items: z.array(myAppointmentSchema) }), ...problems },
      },
    },
    (req) => appointments.myAppointments(ctx, req.params.clinicId, callerOf(req), req.query),
  );
}
