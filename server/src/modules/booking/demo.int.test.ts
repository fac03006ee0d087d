import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login } from '../../test/harness.ts';
import { seedSchedulingDemo } from '../scheduling/index.ts';
import { DEMO_APPROVAL_SERVICE, seedBookingDemo } from './demo.ts';

describeEachDb('booking demo', (t) => {
  it('one demo service needs approval; seeding twice changes nothing', async () => {
    const c = await createTestClinic(t());
    await seedSchedulingDemo(t().db, c.id, {});
    await seedBookingDemo(t().db, c.id);
    await seedBookingDemo(t().db, c.id);
    const owner = await login(t(), c.owner);
    const view = (await call(t(), owner, 'GET', `/clinics/${c.id}/booking-settings`)).json();
    const needing = view.services.filter((s: { requiresApproval: boolean }) => s.requiresApproval);
    expect(needing.map((s: { name: string }) => s.name)).toEqual([DEMO_APPROVAL_SERVICE]);
    expect(view).toMatchObject({ holdMinutes: 10, cancellationWindowHours: 24, waitlistOfferMode: 'one' });
  });
});
