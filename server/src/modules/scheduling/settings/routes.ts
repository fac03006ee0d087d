import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../platform/deps.ts';
import { clinicParams, problems } from '../../../platform/http/route-kit.ts';
import { callerOf } from '../access.ts';
import {
  putSchedulingSettingsBody,
  schedulingSettingsSchema,
  workDaysQuery,
  workDaysSchema,
} from './schema.ts';
import * as settings from './service.ts';

const tags = ['scheduling'];

/** The clinic's scheduling settings (the slot grid) and which days anyone works. */
export function registerSettingsRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;
  const read = { access: { kind: 'clinic', permission: 'scheduling.read' } } as const;
  const edit = { access: { kind: 'clinic', permission: 'scheduling.settings' } } as const;

  r.get(
    '/clinics/:clinicId/scheduling-settings',
    {
      config: read,
      schema: {
        tags,
        summary: 'The grid suggested start times sit on, and whether off-grid starts are offered',
        params: clinicParams,
        response: { 200: schedulingSettingsSchema, ...problems },
      },
    },
    (req) => settings.getSchedulingSettings(db, req.params.clinicId, callerOf(req)),
  );
  r.put(
    '/clinics/:clinicId/scheduling-settings',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Change the slot grid and off-grid starts (the owner)',
        params: clinicParams,
        body: putSchedulingSettingsBody,
        response: { 200: schedulingSettingsSchema, ...problems },
      },
    },
    (req) => settings.putSchedulingSettings(db, req.params.clinicId, callerOf(req), req.body),
  );
  r.get(
    '/clinics/:clinicId/work-days',
    {
      config: read,
      schema: {
        tags,
        summary: 'For each day of a range, whether any doctor (or one) works: the calendar folds closed days',
        params: clinicParams,
        querystring: workDaysQuery,
        response: { 200: workDaysSchema, ...problems },
      },
    },
    (req) => settings.workDays(db, req.params.clinicId, callerOf(req), req.query),
  );
}
