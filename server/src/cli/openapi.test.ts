import { createConfig, lintFromString } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveOperationId } from '../platform/http/openapi.ts';
import { openApiDocument } from './openapi.ts';

type Doc = {
  paths: Record<string, Record<string, { operationId: string; security: unknown[] }>>;
  components: { securitySchemes: Record<string, unknown> };
};

describe('the OpenAPI document', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = (await openApiDocument('https://api.cliniclick.app')) as unknown as Doc;
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    const found = problems.map(
      (p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`,
    );
    expect(found).toEqual([]);
  });

  it('says how every operation is authenticated, and names each one once', async () => {
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, ...op })),
    );
    expect(ops.length).toBeGreaterThan(50);
    const ids = ops.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const byKey = Object.fromEntries(ops.map((op) => [op.key, op]));
    expect(byKey['POST /api/v1/auth/login']?.security).toEqual([]);
    expect(byKey['GET /api/v1/me']?.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(byKey['POST /api/v1/clinics/{clinicId}/patients']?.security).toEqual([
      { bearer: [] },
      { cookie: [], csrf: [] },
    ]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'cookie', 'csrf']);
  });

  it('derives operation ids from method and path', () => {
    expect(deriveOperationId('GET', '/api/v1/clinics/:clinicId/patients/:patientId')).toBe('getPatientsById');
    expect(deriveOperationId('POST', '/api/v1/clinics/{clinicId}/appointments/{appointmentId}/no-show')).toBe(
      'postAppointmentsNoShow',
    );
    expect(deriveOperationId('GET', '/api/v1/me')).toBe('getMe');
    expect(deriveOperationId('POST', '/api/v1/admin/clinics/:clinicId/suspend')).toBe(
      'postAdminClinicsSuspend',
    );
  });
});
