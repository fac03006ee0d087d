import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { describeEachDb } from '../../test/harness.ts';
import { appointmentAt, checkIn, queueClinic } from './test-fixture.ts';

const MIN = 60_000;

describeEachDb('queue estimates learn from the clinic’s own consultations', (t) => {
  it('estimates move from the booked length to the recorded one; the owner sees each estimate’s error', async () => {
    const q = await queueClinic(t());
    const ids = [];
    for (const hhmm of ['09:00', '09:30', '10:00', '10:30']) ids.push(await appointmentAt(t(), q, hhmm));
    t().clock.advance(50 * MIN); // 08:50
    const t0 = t().clock.now().getTime();
    const [a, b, c] = [
      await checkIn(t(), q, ids[0] as string),
      await checkIn(t(), q, ids[1] as string),
      await checkIn(t(), q, ids[2] as string),
    ];
    // Nothing learnt yet: the booked 30 minutes each.
    expect([a.estimatedStartAt, b.estimatedStartAt, c.estimatedStartAt]).toEqual(
      [0, 30, 60].map((m) => new Date(t0 + m * MIN).toISOString()),
    );
    const post = (path: string) => call(t(), q.doc, 'POST', `${q.base}/queue/${path}`, {});
    for (const e of [a, b]) {
      expect((await post(`entries/${e.id}/start`)).statusCode).toBe(200);
      t().clock.advance(10 * MIN);
      expect((await post(`entries/${e.id}/finish`)).statusCode).toBe(200);
    }
    // 09:10: C starts; two 10-minute consultations recorded, so D (arriving now) is expected at 09:20.
    expect((await post(`entries/${c.id}/start`)).statusCode).toBe(200);
    const d = await checkIn(t(), q, ids[3] as string);
    expect(d.estimatedStartAt).toBe(new Date(t0 + 30 * MIN).toISOString());
    const report = await call(t(), q.owner, 'GET', `${q.base}/queue/estimates`);
    expect(report.statusCode, report.body).toBe(200);
    const mine = report.json().doctors.find((x: { doctorId: string }) => x.doctorId === q.c.doctor.id);
    // Errors: A 0, B −20, C −40 minutes (they started earlier than first estimated).
    expect(mine).toMatchObject({
      samples: 3,
      meanAbsErrorMinutes: 20,
      meanErrorMinutes: -20,
      within10Share: 0.33,
    });
    expect(report.json().recent.map((r: { errorMinutes: number }) => r.errorMinutes)).toEqual([-40, -20, 0]);
    // The ticket page counts down the same estimate.
    const board = (await call(t(), q.sec, 'GET', `${q.base}/queue`)).json();
    expect(board.doctors[0].current.id).toBe(c.id);
    expect(board.doctors[0].waiting[0]).toMatchObject({
      id: d.id,
      position: 1,
      estimatedStartAt: d.estimatedStartAt,
    });
  });
});
