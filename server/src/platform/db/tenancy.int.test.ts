import { expect, it } from 'vitest';
import { createTestClinic, describeEachDb, login } from '../../test/harness.ts';

describeEachDb('smoke', (t) => {
  it('serves health and signs in a clinic owner', async () => {
    const health = await t().app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    const clinic = await createTestClinic(t());
    const s = await login(t(), clinic.owner);
    const me = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: s.auth });
    expect(me.statusCode).toBe(200);
    expect(me.json().memberships).toEqual([
      expect.objectContaining({ clinicId: clinic.id, clinicSlug: clinic.slug, role: 'owner' }),
    ]);
  });
});
