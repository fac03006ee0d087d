import { afterEach, beforeAll, expect, it } from 'vitest';
import { LiveTestClient } from '../../platform/live/test-client.ts';
import { call } from '../../test/api.ts';
import { describeEachDb } from '../../test/harness.ts';
import { appointmentAt, checkIn, queueClinic, randomPhone, smsTo } from './test-fixture.ts';

describeEachDb('queue over the live endpoint: the desk, the doctor, the TV and the ticket', (t) => {
  let base = '';
  const open: LiveTestClient[] = [];
  beforeAll(async () => {
    base = await t().app.listen({ port: 0, host: '127.0.0.1' });
  });
  // Closed by the test itself: the app closes after it (describeEachDb's afterAll).
  afterEach(async () => {
    for (const c of open.splice(0)) {
      c.close();
      await c.waitClosed().catch(() => {});
    }
  });
  const connect = async (token?: string) => {
    const c = await LiveTestClient.connect(base, token ? { token } : {});
    open.push(c);
    return c;
  };

  it('a check-in reaches the board, the doctor and the TV; a call reaches the ticket; a revoked TV is dropped', async () => {
    const q = await queueClinic(t());
    const phone = randomPhone();
    const first = await appointmentAt(t(), q, '09:00', { name: 'Sara Ali', phone });
    const second = await appointmentAt(t(), q, '09:30', { name: 'Omar Haddad' });
    const screen = await call(t(), q.sec, 'POST', `${q.base}/queue/displays`, { name: 'TV' });
    const screenToken = (screen.json().url as string).split('/').at(-1) as string;

    const desk = await connect(q.sec.token);
    const doctor = await connect(q.doc.token);
    const tv = await connect();
    desk.subscribe(q.c.id, 'queue');
    doctor.subscribe(q.c.id, `queue/doctor/${q.c.doctor.id}`);
    doctor.subscribe(q.c.id, `queue/doctor/${q.c.secretary.id}`);
    tv.subscribe(q.c.id, 'queue/display', { token: screenToken });
    tv.subscribe(q.c.id, 'queue', { token: screenToken });
    await desk.waitFor((m) => m.op === 'subscribed');
    await doctor.waitFor((m) => m.op === 'subscribed' && m.topic === `queue/doctor/${q.c.doctor.id}`);
    await doctor.waitFor((m) => m.op === 'denied' && m.topic === `queue/doctor/${q.c.secretary.id}`);
    await tv.waitFor((m) => m.op === 'subscribed' && m.topic === 'queue/display');
    await tv.waitFor((m) => m.op === 'denied' && m.topic === 'queue');

    const entry = await checkIn(t(), q, first);
    await desk.waitFor((m) => m.op === 'event' && m.type === 'queue.changed');
    await doctor.waitFor((m) => m.op === 'event' && (m.data as { entryId: string }).entryId === entry.id);
    const onTv = await tv.waitFor((m) => m.op === 'event');
    expect(onTv.data).toEqual({ ticket: 1, state: 'waiting', doctorName: expect.any(String) });

    // The patient's page follows its own ticket only.
    const link = (await smsTo(t(), phone)).find((s) => s.includes('/app/ticket/')) ?? '';
    const ticketToken = /\/app\/ticket\/([\w-]+)/.exec(link)?.[1] ?? '';
    const other = await checkIn(t(), q, second);
    const patient = await connect();
    patient.subscribe(q.c.id, `queue/ticket/${entry.id}`, { token: ticketToken });
    patient.subscribe(q.c.id, `queue/ticket/${other.id}`, { token: ticketToken });
    await patient.waitFor((m) => m.op === 'subscribed' && m.topic === `queue/ticket/${entry.id}`);
    await patient.waitFor((m) => m.op === 'denied' && m.topic === `queue/ticket/${other.id}`);
    const from = patient.messages.length;
    const called = await call(t(), q.doc, 'POST', `${q.base}/queue/doctors/${q.c.doctor.id}/call-next`, {});
    expect(called.json().id).toBe(entry.id);
    const ticketEvent = await patient.waitFor((m) => m.op === 'event', { from });
    expect(ticketEvent.data).toMatchObject({ state: 'called', position: 1 });
    await tv.waitFor((m) => m.op === 'event' && (m.data as { state: string }).state === 'called');
    expect(JSON.stringify(tv.messages)).not.toMatch(/Sara|Omar/);

    // Switched off: the TV's subscription goes at once.
    const revoked = await call(t(), q.sec, 'POST', `${q.base}/queue/displays/${screen.json().id}/revoke`, {});
    expect(revoked.statusCode).toBe(200);
    await tv.waitFor((m) => m.op === 'revoked' && m.topic === 'queue/display');
  });
});
