import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { clinicParams, problemsWithConflictAndLimit } from '../../platform/http/route-kit.ts';
import type { Clinic } from './repo.ts';
import {
  clinicDetailSchema,
  clinicSchema,
  createClinicBody,
  createClinicResponse,
  listClinicsQuery,
  listClinicsResponse,
  reactivateBody,
  suspendBody,
} from './schema.ts';
import {
  type ClinicsDeps,
  createClinicWithOwner,
  listClinics,
  setClinicStatus,
  viewClinicAsAdmin,
} from './service.ts';

const problems = problemsWithConflictAndLimit;

const access = { kind: 'platform', permission: 'platform.clinics.manage' } as const;

function clinicOut(c: Clinic): z.infer<typeof clinicSchema> {
  return {
    ...c,
    suspendedAt: c.suspendedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** The platform console's clinics: open one with its owner, list, suspend, reactivate. */
export function registerClinicRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const clinics: ClinicsDeps = { db: deps.db, outbox: deps.outbox, publicUrl: deps.settings.publicUrl };

  r.post(
    '/admin/clinics',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'Open a clinic with its owner',
        body: createClinicBody,
        response: { 201: createClinicResponse, ...problems },
      },
    },
    async (request, reply) => {
      const out = await createClinicWithOwner(clinics, request.actor, request.body);
      return reply.status(201).send({ clinic: clinicOut(out.clinic), owner: out.owner });
    },
  );

  r.get(
    '/admin/clinics',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'Clinics, newest first',
        querystring: listClinicsQuery,
        response: { 200: listClinicsResponse, ...problems },
      },
    },
    async (request) => {
      const page = await listClinics(clinics, request.actor, request.query);
      return { items: page.items.map(clinicOut), nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/admin/clinics/:clinicId',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'One clinic with its owners (the read is recorded in the clinic’s audit log)',
        params: clinicParams,
        response: { 200: clinicDetailSchema, ...problems },
      },
    },
    async (request) => {
      const c = await viewClinicAsAdmin(clinics, request.actor, request.params.clinicId);
      return { ...clinicOut(c), owners: c.owners };
    },
  );

  r.post(
    '/admin/clinics/:clinicId/suspend',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'Suspend a clinic: its members are refused until it is reactivated',
        params: clinicParams,
        body: suspendBody,
        response: { 200: clinicSchema, ...problems },
      },
    },
    async (request) => {
      const c = await setClinicStatus(
        clinics,
        request.actor,
        request.params.clinicId,
        'suspended',
        request.body.reason,
      );
      return clinicOut(c);
    },
  );

  r.post(
    '/admin/clinics/:clinicId/reactivate',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'Reactivate a suspended clinic',
        params: clinicParams,
        body: reactivateBody,
        response: { 200: clinicSchema, ...problems },
      },
    },
    async (request) => {
      const c = await setClinicStatus(
        clinics,
        request.actor,
        request.params.clinicId,
        'active',
        request.body?.reason ?? null,
      );
      return clinicOut(c);
    },
  );
}
