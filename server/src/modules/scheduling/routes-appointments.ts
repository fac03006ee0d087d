import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import {
  appointmentParams,
  appointmentSchema,
  bookBody,
  cancelBody,
  feedParams,
  feedSchema,
  feedStatusSchema,
  listAppointmentsQuery,
  myAppointmentSchema,
  myAppointmentsQuery,
  rescheduleBody,
  seriesBody,
  seriesResultSchema,
  slotsParams,
  slotsQuery,
  slotsResultSchema,
} from './appointment-schema.ts';
import * as appointments from './appointments-service.ts';
import * as feeds from './feed-service.ts';
import { callerOf, problems, withConflict } from './routes-setup.ts';
import { clinicParams, doctorParams } from './schema.ts';
import type { SlotsCache } from './slots-cache.ts';
import { findSlots } from './slots-service.ts';

const tags = ['appointments'];

/** Slots, appointments and their state changes, series, a patient's own list, calendar feeds. */
export function registerAppointmentRoutes(api: FastifyInstance, deps: AppDeps, slots: SlotsCache): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, events: deps.events };
  const read = { access: { kind: 'clinic', permission: 'appointments.read' } } as const;
  const manage = { access: { kind: 'clinic', permission: 'appointments.manage' } } as const;
  const feed = { access: { kind: 'clinic', permission: 'calendar.feed' } } as const;

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
      const clinicId = req.params.clinicId.toLowerCase();
      const key = `${req.params.serviceId.toLowerCase()}?${JSON.stringify(req.query)}`;
      const answer = await slots.answer(clinicId, key, () =>
        findSlots(deps.db, clinicId, callerOf(req), req.params.serviceId, req.query),
      );
      // JSON already, validated by the cache; compressed for clients that accept it.
      return answer.send(req, reply as FastifyReply);
    },
  );
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
    (req) =>
      appointments.getAppointment(
        ctx,
        req.params.clinicId,
        callerOf(req),
        req.params.appointmentId.toLowerCase(),
      ),
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
      appointments.reschedule(
        ctx,
        req.params.clinicId,
        callerOf(req),
        req.params.appointmentId.toLowerCase(),
        req.body,
      ),
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
        appointments.change(ctx, req.params.clinicId, callerOf(req), req.params.appointmentId.toLowerCase(), {
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
      appointments.change(ctx, req.params.clinicId, callerOf(req), req.params.appointmentId.toLowerCase(), {
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
    (req) => feeds.feedStatus(deps.db, req.params.clinicId, callerOf(req), req.params.doctorId.toLowerCase()),
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
        req.params.doctorId.toLowerCase(),
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
      await feeds.revokeFeed(deps.db, req.params.clinicId, callerOf(req), req.params.doctorId.toLowerCase());
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/public/calendar/:token',
    {
      config: { access: { kind: 'public' } },
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
        .header('cache-control', 'private, max-age=300')
        .serializer((payload: unknown) => String(payload))
        .send(text);
    },
  );
}
