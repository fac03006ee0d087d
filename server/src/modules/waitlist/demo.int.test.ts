import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login } from '../../test/harness.ts';
import { seedSchedulingDemo, seedVisitHistory } from '../scheduling/index.ts';
import { seedWaitlistDemo } from './wishes.ts';

describeEachDb('waitlist and no-show demo', (t) => {
  it('seeds two wishes and twelve weeks of outcomes once; the chart has true numbers to show', async () => {
    const c = await createTestClinic(t());
    const sec = await login(t(), c.secretary);
    const owner = await login(t(), c.owner);
    const record = await call(t(), sec, 'POST', `/clinics/${c.id}/patients`, {
      fullName: 'Demo',
      phone: c.patient.phone,
    });
    await seedSchedulingDemo(t().db, c.id, { patientId: record.json().id });
    expect(await seedVisitHistory(t().db, c.id)).toBe(240);
    expect(await seedVisitHistory(t().db, c.id)).toBe(0);
    await seedWaitlistDemo(t().db, c.id, record.json().id);
    await seedWaitlistDemo(t().db, c.id, record.json().id);
    const wishes = (await call(t(), sec, 'GET', `/clinics/${c.id}/waitlist`)).json().items;
    expect(wishes.map((w: { priority: string }) => w.priority)).toEqual(['urgent', 'normal']);
    const report = (await call(t(), owner, 'GET', `/clinics/${c.id}/insights/attendance`)).json();
    expect(report.total.due).toBeGreaterThan(150);
    expect(report.total.noShows).toBeGreaterThan(0);
    expect(report.total.cancelledByPatient).toBeGreaterThan(0);
    expect(report.total.cancelledByClinic).toBeGreaterThan(0);
    expect(report.total.medianLeadHours).toBeGreaterThan(24);
  });
});
