import { localToUtc, utcToLocal } from '@cliniclick/time';
import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, TEST_SECRET } from '../../test/harness.ts';
import { seedSchedulingDemo } from '../scheduling/index.ts';
import { demoDisplayToken } from './codes.ts';
import { queueDemoSeed } from './demo.ts';
import { entriesOf, settled } from './test-fixture.ts';

describeEachDb('queue demo', (t) => {
  it('checks in today’s booked patients but the last one, adds two walk-ins and a TV screen, once', async () => {
    const zone = 'America/New_York';
    t().clock.set(new Date(localToUtc(zone, utcToLocal(zone, t().clock.now().getTime()).day + 1, 8 * 60)));
    const c = await createTestClinic(t(), { timeZone: zone });
    const sec = await login(t(), c.secretary);
    const record = await call(t(), sec, 'POST', `/clinics/${c.id}/patients`, {
      fullName: 'Demo',
      phone: c.patient.phone,
    });
    await seedSchedulingDemo(t().db, c.id, { patientId: record.json().id });
    await queueDemoSeed(t().db, c.id);
    const rows = await settled(t(), async () => {
      const r = await entriesOf(t(), c.id);
      return r.length >= 3 ? r : undefined;
    });
    expect(rows.map((r) => r.source).sort()).toEqual(['desk', 'walk_in', 'walk_in']);
    await queueDemoSeed(t().db, c.id);
    await t().jobs.runDue();
    expect(await entriesOf(t(), c.id)).toHaveLength(3);
    const tv = await call(t(), null, 'GET', `/public/queue/displays/${demoDisplayToken(TEST_SECRET, c.id)}`);
    expect(tv.statusCode, tv.body).toBe(200);
    expect(tv.json().waiting).toHaveLength(3);
  });
});
