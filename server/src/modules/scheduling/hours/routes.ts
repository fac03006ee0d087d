import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/deps.ts';
import { clinicParams, problems } from '../../../platform/http/route-kit.ts';
import { callerOf } from '../access.ts';
import { orphanedSchema } from '../appointments/schema.ts';
import { doctorParams } from '../schema.ts';
import * as exceptions from './exceptions.ts';
import {
  createExceptionBody,
  exceptionParams,
  exceptionSchema,
  listExceptionsQuery,
  putWorkHoursBody,
  workHoursSchema,
} from './schema.ts';
import * as hours from './service.ts';

const tags = ['scheduling'];

/** Doctors’ weekly work hours (with a preview of visits left outside) and dated exceptions: time off, closures, extra hours. */
export function registerHoursRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;
  const read = { access: { kind: 'clinic', permission: 'scheduling.read' } } as const;
  const _manage = { access: { kind: 'clinic', permission: 'scheduling.manage' } } as const;
  const doctorsManage = { access: { kind: 'clinic', permission: 'doctors.manage' } } as const;

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
    (req) => hours.getWorkHours(db, req.params.clinicId, callerOf(req), req.params.doctorId),
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
    (req) => hours.putWorkHours(db, req.params.clinicId, callerOf(req), req.params.doctorId, req.body),
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
    (req) => hours.previewWorkHours(db, req.params.clinicId, callerOf(req), req.params.doctorId, req.body),
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
      exceptions.deleteScheduleException(db, req.params.clinicId, callerOf(req), req.params.exceptionId),
  );
}
