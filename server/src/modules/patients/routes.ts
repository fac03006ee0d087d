import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps.ts';
import {
  clinicParams,
  clinicParamsWith,
  problems,
  problemsWithConflict,
} from '../../platform/http/route-kit.ts';
import {
  createPatientBody,
  listPatientsQuery,
  patientPageSchema,
  patientSchema,
  updatePatientBody,
} from './schema.ts';
import * as service from './service.ts';

const patientParams = clinicParamsWith('patientId');

export function registerPatientRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/clinics/:clinicId/patients',
    {
      config: { access: { kind: 'clinic', permission: 'patients.read' } },
      schema: {
        tags: ['patients'],
        summary: 'Find patients by name or phone',
        params: clinicParams,
        querystring: listPatientsQuery,
        response: { 200: patientPageSchema, ...problems },
      },
    },
    (request) => service.searchPatients(deps.db, request.params.clinicId, request.actor, request.query),
  );

  r.post(
    '/clinics/:clinicId/patients',
    {
      config: { access: { kind: 'clinic', permission: 'patients.manage' } },
      schema: {
        tags: ['patients'],
        summary: 'Register a patient (name and phone are enough)',
        params: clinicParams,
        body: createPatientBody,
        response: { 201: patientSchema, ...problemsWithConflict },
      },
    },
    async (request, reply) => {
      const patient = await service.registerPatient(
        deps.db,
        request.params.clinicId,
        request.actor,
        request.body,
      );
      return reply.status(201).send(patient);
    },
  );

  r.get(
    '/clinics/:clinicId/patients/:patientId',
    {
      config: { access: { kind: 'clinic', permission: 'patients.read' } },
      schema: {
        tags: ['patients'],
        summary: 'A patient’s record (the read is audited)',
        params: patientParams,
        response: { 200: patientSchema, ...problems },
      },
    },
    (request) =>
      service.getPatient(deps.db, request.params.clinicId, request.actor, request.params.patientId),
  );

  r.patch(
    '/clinics/:clinicId/patients/:patientId',
    {
      config: { access: { kind: 'clinic', permission: 'patients.manage' } },
      schema: {
        tags: ['patients'],
        summary: 'Correct a patient’s details',
        params: patientParams,
        body: updatePatientBody,
        response: { 200: patientSchema, ...problems },
      },
    },
    (request) =>
      service.updatePatient(
        deps.db,
        request.params.clinicId,
        request.actor,
        request.params.patientId,
        request.body,
      ),
  );
}
