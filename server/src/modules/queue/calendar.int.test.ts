import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { describeEachDb } from '../../test/harness.ts';
import { appointmentAt, checkIn, entriesOf, queueClinic, settled } from './test-fixture.ts';

describeEachDb('queue follows the calendar (reaction to appointment events)', (t) => {
  it('Check in / Start / Complete on the calendar move the entry; Cancel makes a waiting one leave', async () => {
    const q = await queueClinic(t());
    const a = await appointmentAt(t(), q, '09:00', { name: 'Cal Endar' });
    const b = await appointmentAt(t(), q, '09:30');
    const step = async (id: string, action: string, body: object = {}) => {
      const r = await call(t(), q.sec, 'POST', `${q.base}/appointments/${id}/${action}`, body);
      expect(r.statusCode, r.body).toBe(200);
    };
    const entryIn = (id: string, state: string) =>
      settled(t(), async () =>
        (await entriesOf(t(), q.c.id)).find((e) => e.appointment_id === id && e.state === state),
      );
    await step(a, 'check-in');
    const joined = await entryIn(a, 'waiting');
    expect(joined).toMatchObject({ source: 'calendar', ticket: 1 });
    await step(a, 'start');
    await entryIn(a, 'in_consultation');
    await step(a, 'complete');
    const done = await entryIn(a, 'done');
    expect(done.started_at).not.toBeNull();
    expect(done.finished_at).not.toBeNull();
    // The queue's own check-in then the calendar's cancel: the patient left.
    const eb = await checkIn(t(), q, b);
    await step(b, 'cancel', { reason: 'Went home' });
    await entryIn(b, 'left');
    // Every event once more (a redelivery): nothing changes.
    await t().jobs.runDue();
    const rows = await entriesOf(t(), q.c.id);
    expect(rows.map((r) => [r.ticket, r.state])).toEqual([
      [1, 'done'],
      [2, 'left'],
    ]);
    expect(rows[1]?.id).toBe(eb.id);
    const board = (await call(t(), q.sec, 'GET', `${q.base}/queue`)).json();
    expect(board.doctors[0].finished).toHaveLength(2);
  });

  it('a visit started on the calendar straight from confirmed (clinic rule) is not in the queue', async () => {
    const q = await queueClinic(t());
    const a = await appointmentAt(t(), q, '09:00');
    // Without the rule, the calendar refuses to start before check-in: nothing reaches the queue.
    const r = await call(t(), q.sec, 'POST', `${q.base}/appointments/${a}/start`, {});
    expect(r.statusCode).toBe(409);
    await t().jobs.runDue();
    expect(await entriesOf(t(), q.c.id)).toEqual([]);
  });
});
