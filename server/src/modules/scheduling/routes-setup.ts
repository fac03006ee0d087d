import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import type { Caller } from './access.ts';
import { orphanedSchema } from './appointment-schema.ts';
import * as exceptions from './exceptions-service.ts';
import {
  clinicParams,
  createExceptionBody,
  createRoomBody,
  createServiceBody,
  doctorParams,
  doctorSchema,
  doctorServiceParams,
  exceptionParams,
  exceptionSchema,
  listExceptionsQuery,
  offerServiceBody,
  putWorkHoursBody,
  roomParams,
  roomSchema,
  serviceParams,
  serviceSchema,
  updateDoctorBody,
  updateRoomBody,
  updateServiceBody,
  workHoursSchema,
} from './schema.ts';
import * as setup from './setup-service.ts';

export const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
export const withConflict = { ...problems, 409: problemSchema };

export function callerOf(request: FastifyRequest): Caller {
  const c = request.clinic;
  return {
    actor: request.actor,
    userId: request.actor.userId ?? '',
    roles: c?.roles ?? [],
    ...(c ? { clinic: { timeZone: c.timeZone, currency: c.currency } } : {}),
  };
}

const tags = ['scheduling'];
const lower = (id: string) => id.toLowerCase();

/** Clinic set-up: doctors, services, rooms, work hours and exceptions. */
export function registerSetupRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;
  const read = { access: { kind: 'clinic', permission: 'scheduling.read' } } as const;
  const manage = { access: { kind: 'clinic', permission: 'scheduling.manage' } } as const;
  const doctorsManage = { access: { kind: 'clinic', permission: 'doctors.manage' } } as const;

  r.get(
    '/clinics/:clinicId/doctors',
    {
      config: read,
      schema: {
        tags,
        summary: 'Doctors with their profiles and services',
        params: clinicParams,
        response: { 200: z.object({ items: z.array(doctorSchema) }), ...problems },
      },
    },
    async (req) => ({ items: await setup.listDoctors(db, req.params.clinicId, callerOf(req)) }),
  );
  r.get(
    '/clinics/:clinicId/doctors/:doctorId',
    {
      config: read,
      schema: {
        tags,
        summary: 'One doctor',
        params: doctorParams,
        response: { 200: doctorSchema, ...problems },
      },
    },
    (req) => setup.getDoctor(db, req.params.clinicId, callerOf(req), lower(req.params.doctorId)),
  );
  r.patch(
    '/clinics/:clinicId/doctors/:doctorId',
    {
      config: doctorsManage,
      schema: {
        tags,
        summary: 'Edit a doctor’s profile (a doctor edits only their own)',
        params: doctorParams,
        body: updateDoctorBody,
        response: { 200: doctorSchema, ...problems },
      },
    },
    (req) => setup.updateDoctor(db, req.params.clinicId, callerOf(req), lower(req.params.doctorId), req.body),
  );
  r.put(
    '/clinics/:clinicId/doctors/:doctorId/services/:serviceId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The doctor offers this service (optionally with their own duration or price)',
        params: doctorServiceParams,
        body: offerServiceBody,
        response: { 200: doctorSchema, ...problems },
      },
    },
    (req) =>
      setup.offerService(
        db,
        req.params.clinicId,
        callerOf(req),
        { doctorId: lower(req.params.doctorId), serviceId: lower(req.params.serviceId) },
        req.body,
      ),
  );
  r.delete(
    '/clinics/:clinicId/doctors/:doctorId/services/:serviceId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The doctor stops offering this service',
        params: doctorServiceParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      await setup.withdrawService(db, req.params.clinicId, callerOf(req), {
        doctorId: lower(req.params.doctorId),
        serviceId: lower(req.params.serviceId),
      });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/clinics/:clinicId/services',
    {
      config: read,
      schema: {
        tags,
        summary: 'Services (inactive ones included)',
        params: clinicParams,
        response: { 200: z.object({ items: z.array(serviceSchema) }), ...problems },
      },
    },
    async (req) => ({ items: await setup.listServices(db, req.params.clinicId, callerOf(req)) }),
  );
  r.post(
    '/clinics/:clinicId/services',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a service',
        params: clinicParams,
        body: createServiceBody,
        response: { 201: serviceSchema, ...problems },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await setup.createService(db, req.params.clinicId, callerOf(req), req.body)),
  );
  r.patch(
    '/clinics/:clinicId/services/:serviceId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Edit a service (active: false retires it)',
        params: serviceParams,
        body: updateServiceBody,
        response: { 200: serviceSchema, ...problems },
      },
    },
    (req) =>
      setup.updateService(db, req.params.clinicId, callerOf(req), lower(req.params.serviceId), req.body),
  );

  r.get(
    '/clinics/:clinicId/rooms',
    {
      config: read,
      schema: {
        tags,
        summary: 'Rooms',
        params: clinicParams,
        response: { 200: z.object({ items: z.array(roomSchema) }), ...problems },
      },
    },
    async (req) => ({ items: await setup.listRooms(db, req.params.clinicId, callerOf(req)) }),
  );
  r.post(
    '/clinics/:clinicId/rooms',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a room',
        params: clinicParams,
        body: createRoomBody,
        response: { 201: roomSchema, ...withConflict },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await setup.createRoom(db, req.params.clinicId, callerOf(req), req.body.name)),
  );
  r.patch(
    '/clinics/:clinicId/rooms/:roomId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename or retire a room',
        params: roomParams,
        body: updateRoomBody,
        response: { 200: roomSchema, ...withConflict },
      },
    },
    (req) => setup.updateRoom(db, req.params.clinicId, callerOf(req), lower(req.params.roomId), req.body),
  );

  r.get(
    '/clinics/:clinicId/doctors/:doctorId/work-hours',
    {
      config: read,
      schema: {
        tags,
        summary: 'A doctor’s weekly hours (clinic local time)',
        params: doctorParams,
        response: { 200: workHoursSchema, ...problems },
      },
    },
    (req) => setup.getWorkHours(db, req.params.clinicId, callerOf(req), lower(req.params.doctorId)),
  );
  r.put(
    '/clinics/:clinicId/doctors/:doctorId/work-hours',
    {
      config: doctorsManage,
      schema: {
        tags,
        summary: 'Replace a doctor’s weekly hours; answers the future appointments now outside them',
        params: doctorParams,
        body: putWorkHoursBody,
        response: { 200: workHoursSchema.extend({ orphaned: orphanedSchema }), ...problems },
      },
    },
    (req) => setup.putWorkHours(db, req.params.clinicId, callerOf(req), lower(req.params.doctorId), req.body),
  );
  r.post(
    '/clinics/:clinicId/doctors/:doctorId/work-hours/preview',
    {
      config: doctorsManage,
      schema: {
        tags,
        summary: 'Which future appointments would these hours leave outside work time (nothing is saved)',
        params: doctorParams,
        body: putWorkHoursBody,
        response: { 200: z.object({ orphaned: orphanedSchema }), ...problems },
      },
    },
    (req) =>
      setup.previewWorkHours(db, req.params.clinicId, callerOf(req), lower(req.params.doctorId), req.body),
  );

  r.get(
    '/clinics/:clinicId/schedule-exceptions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Time off, closures and extra hours overlapping a date range',
        params: clinicParams,
        querystring: listExceptionsQuery,
        response: { 200: z.object({ items: z.array(exceptionSchema) }), ...problems },
      },
    },
    (req) => exceptions.listScheduleExceptions(db, req.params.clinicId, callerOf(req), req.query),
  );
  r.post(
    '/clinics/:clinicId/schedule-exceptions',
    {
      config: doctorsManage,
      schema: {
        tags,
        summary:
          'Add time off, a closure or extra hours; answers the appointments it leaves outside work time',
        params: clinicParams,
        body: createExceptionBody,
        response: { 201: z.object({ exception: exceptionSchema, orphaned: orphanedSchema }), ...problems },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await exceptions.createScheduleException(db, req.params.clinicId, callerOf(req), req.body)),
  );
  r.delete(
    '/clinics/:clinicId/schedule-exceptions/:exceptionId',
    {
      config: doctorsManage,
      schema: {
        tags,
        summary: 'Remove an exception; answers appointments left outside work time (when extra hours go)',
        params: exceptionParams,
        response: { 200: z.object({ orphaned: orphanedSchema }), ...problems },
      },
    },
    (req) =>
      exceptions.deleteScheduleException(
        db,
        req.params.clinicId,
        callerOf(req),
        lower(req.params.exceptionId),
      ),
  );
}
