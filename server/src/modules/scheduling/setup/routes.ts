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
import { doctorParams } from '../schema.ts';
import {
  createRoomBody,
  createServiceBody,
  doctorSchema,
  doctorServiceParams,
  offerServiceBody,
  roomParams,
  roomSchema,
  serviceParams,
  serviceSchema,
  serviceUsageSchema,
  updateDoctorBody,
  updateRoomBody,
  updateServiceBody,
  visitRulesSchema,
} from './schema.ts';
import * as setup from './service.ts';

const tags = ['scheduling'];

/** Clinic set-up: doctors, who offers which service, services and rooms. */
export function registerSetupRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;
  const read = { access: { kind: 'clinic', permission: 'scheduling.read' } } as const;
  const manage = { access: { kind: 'clinic', permission: 'scheduling.manage' } } as const;
  const doctorsManage = { access: { kind: 'clinic', permission: 'doctors.manage' } } as const;
  const rules = { access: { kind: 'clinic', permission: 'scheduling.rules' } } as const;

  r.get(
    '/clinics/:clinicId/visit-rules',
    {
      config: read,
      schema: {
        tags,
        summary: 'The clinic’s rules for a visit’s steps',
        params: clinicParams,
        response: { 200: visitRulesSchema, ...problems },
      },
    },
    (req) => setup.getVisitRules(db, req.params.clinicId, callerOf(req)),
  );
  r.put(
    '/clinics/:clinicId/visit-rules',
    {
      config: rules,
      schema: {
        tags,
        summary: 'Set the clinic’s rules for a visit’s steps (owner)',
        params: clinicParams,
        body: visitRulesSchema,
        response: { 200: visitRulesSchema, ...problems },
      },
    },
    (req) => setup.saveVisitRules(db, req.params.clinicId, callerOf(req), req.body),
  );

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
    (req) => setup.getDoctor(db, req.params.clinicId, callerOf(req), req.params.doctorId),
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
    (req) => setup.updateDoctor(db, req.params.clinicId, callerOf(req), req.params.doctorId, req.body),
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
        { doctorId: req.params.doctorId, serviceId: req.params.serviceId },
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
        doctorId: req.params.doctorId,
        serviceId: req.params.serviceId,
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
  r.get(
    '/clinics/:clinicId/services/usage',
    {
      config: read,
      schema: {
        tags,
        summary:
          'How often each doctor’s services were booked lately (a doctor sees their own): for a sensible default service',
        params: clinicParams,
        response: { 200: serviceUsageSchema, ...problems },
      },
    },
    (req) => setup.serviceUsage(db, req.params.clinicId, callerOf(req)),
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
    (req) => setup.updateService(db, req.params.clinicId, callerOf(req), req.params.serviceId, req.body),
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
    (req) => setup.updateRoom(db, req.params.clinicId, callerOf(req), req.params.roomId, req.body),
  );
}
