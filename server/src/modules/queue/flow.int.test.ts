import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { describeEachDb, ownerDb, TEST_SECRET } from '../../test/harness.ts';
import { checkInCodeOf } from './codes.ts';
import {
  appointmentAt,
  appointmentStatus,
  checkIn,
  entriesOf,
  liveEventsOf,
  queueClinic,
  randomPhone,
  smsTo,
} from './test-fixture.ts';

describeEachDb('queue: check-in, walk-in and a visit from waiting to checked out', (t) => {
  it('checks in by id and by QR code (idempotent), only today’s confirmed appointments', async () => {
    const q = await queueClinic(t());
    const phone = randomPhone();
    const a = await appointmentAt(t(), q, '09:00', { name: 'Sara Ali', phone });
    const b = await appointmentAt(t(), q, '09:30');
    t().clock.advance(40 * 60_000); // 08:40
    const first = await checkIn(t(), q, a);
    expect(first).toMatchObject({ ticket: 1, state: 'waiting', position: 1, peopleAhead: 0, source: 'desk' });
    expect(first).toMatchObject({ arrival: 'early', arrivalMinutes: 20, patientName: 'Sara Ali' });
    expect(first.estimatedStartAt).toBe(new Date(t().clock.now()).toISOString());
    expect((await appointmentStatus(t(), q.c.id, a)).status).toBe('checked_in');
    // Again: the same entry, no second ticket.
    expect((await checkIn(t(), q, a)).id).toBe(first.id);
    const code = checkInCodeOf(TEST_SECRET, q.c.id, b);
    const byCode = await call(t(), q.sec, 'POST', `${q.base}/queue/check-in`, {
      code: code.toLowerCase().replace(/(.{5})/, '$1-'),
    });
    expect(byCode.statusCode, byCode.body).toBe(200);
    expect(byCode.json()).toMatchObject({ ticket: 2, appointmentId: b, position: 2, peopleAhead: 1 });
    // The second one waits the first one's consultation (30 minutes booked, nothing learnt yet).
    expect(byCode.json().estimatedStartAt).toBe(
      new Date(t().clock.now().getTime() + 30 * 60_000).toISOString(),
    );
    const wrong = await call(t(), q.sec, 'POST', `${q.base}/queue/check-in`, { code: 'ZZZZZZZZZZ' });
    expect(wrong.json().code).toBe('unknown_code');
    // Not today: 409 not_today; cancelled: 409 not_confirmed.
    const later = await call(t(), q.sec, 'POST', `${q.base}/appointments`, {
      doctorId: q.c.doctor.id,
      serviceId: q.serviceId,
      patientId: q.patientId,
      startsAt: q.at('10:00'),
    });
    const notToday = await call(t(), q.sec, 'POST', `${q.base}/queue/check-in`, {
      appointmentId: later.json().id,
    });
    expect([notToday.statusCode, notToday.json().code]).toEqual([409, 'not_today']);
    const c = await appointmentAt(t(), q, '11:00');
    await call(t(), q.sec, 'POST', `${q.base}/appointments/${c}/cancel`, { reason: 'ill' });
    const cancelled = await call(t(), q.sec, 'POST', `${q.base}/queue/check-in`, { appointmentId: c });
    expect([cancelled.statusCode, cancelled.json().code]).toEqual([409, 'not_confirmed']);
    // The ticket SMS with the link to the ticket page.
    const sms = (await smsTo(t(), phone)).filter((m) => m.includes('/app/ticket/'));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatch(
      /ticket 1\. You are next\. Follow your turn: http:\/\/localhost:3000\/app\/ticket\/[\w-]+/,
    );
    // The board: the doctor's column, not arrived (11:00 is cancelled: not listed).
    const board = await call(t(), q.sec, 'GET', `${q.base}/queue`);
    expect(board.statusCode, board.body).toBe(200);
    const col = board.json().doctors.find((d: { doctorId: string }) => d.doctorId === q.c.doctor.id);
    expect(col.waiting.map((e: { ticket: number }) => e.ticket)).toEqual([1, 2]);
    expect(board.json().checkInCode).toMatch(/^\d{4}$/);
    expect(board.json().notArrived).toEqual([]);
  });

  it('walks a visit through every state, the appointment following; live events for staff, TV and ticket', async () => {
    const q = await queueClinic(t());
    const phone = randomPhone();
    const a = await appointmentAt(t(), q, '09:00', { name: 'Sara Ali' });
    const b = await appointmentAt(t(), q, '09:30', { name: 'Omar Haddad' });
    const c = await appointmentAt(t(), q, '10:00', { name: 'Lina Nasser', phone });
    t().clock.advance(50 * 60_000);
    const ea = await checkIn(t(), q, a);
    const eb = await checkIn(t(), q, b);
    const ec = await checkIn(t(), q, c);
    const post = (who: typeof q.doc, path: string, body?: unknown) =>
      call(t(), who, 'POST', `${q.base}/queue/${path}`, body ?? {});
    const called = await post(q.doc, `doctors/${q.c.doctor.id}/call-next`);
    expect(called.json()).toMatchObject({ id: ea.id, state: 'called', position: 1 });
    const started = await post(q.doc, `entries/${ea.id}/start`);
    expect(started.json()).toMatchObject({
      state: 'in_consultation',
      position: null,
      estimatedStartAt: null,
    });
    expect((await appointmentStatus(t(), q.c.id, a)).status).toBe('in_progress');
    // Lina has one ahead now: one "you're next" SMS (her ticket SMS said 2 ahead).
    t().clock.advance(12 * 60_000);
    const finished = await post(q.doc, `entries/${ea.id}/finish`);
    expect(finished.json()).toMatchObject({ state: 'done' });
    expect((await appointmentStatus(t(), q.c.id, a)).status).toBe('completed');
    const out = await post(q.sec, `entries/${ea.id}/check-out`);
    expect(out.json().state).toBe('checked_out');
    expect((await post(q.sec, `entries/${ea.id}/check-out`)).json().code).toBe('invalid_transition');
    // Omar is called, sent back (front of the line), then leaves without being seen.
    expect((await post(q.doc, `entries/${eb.id}/call`)).json().state).toBe('called');
    expect((await post(q.doc, `entries/${ec.id}/call`)).json().code).toBe('already_called');
    const back = await post(q.doc, `entries/${eb.id}/return`);
    expect(back.json()).toMatchObject({ state: 'waiting', position: 1 });
    const left = await post(q.sec, `entries/${eb.id}/left`, { reason: 'gone home' });
    expect(left.json().state).toBe('left');
    expect(await appointmentStatus(t(), q.c.id, b)).toEqual({
      status: 'cancelled',
      cancel_reason: 'Left without being seen',
    });
    const sms = await smsTo(t(), phone);
    expect(sms.filter((s) => s.includes("you're next"))).toHaveLength(1);
    // The board now: Lina waiting alone, Sara and Omar finished.
    const board = (await call(t(), q.sec, 'GET', `${q.base}/queue`)).json();
    const col = board.doctors.find((d: { doctorId: string }) => d.doctorId === q.c.doctor.id);
    expect(col.waiting.map((e: { id: string }) => e.id)).toEqual([ec.id]);
    expect(col.finished.map((e: { state: string }) => e.state).sort()).toEqual(['checked_out', 'left']);
    // Live: staff topics carry ids and states; the TV's carry no names; each ticket its own.
    const staff = await liveEventsOf(t(), q.c.id, 'queue');
    expect(staff.at(-1)?.data).toEqual({ entryId: eb.id, doctorId: q.c.doctor.id, state: 'left' });
    expect((await liveEventsOf(t(), q.c.id, `queue/doctor/${q.c.doctor.id}`)).length).toBe(staff.length);
    const tv = await liveEventsOf(t(), q.c.id, 'queue/display');
    expect(tv.length).toBe(staff.length);
    for (const e of tv)
      expect(Object.keys(e.data as object).sort()).toEqual(['doctorName', 'state', 'ticket']);
    expect(JSON.stringify(tv)).not.toMatch(/Sara|Omar|Lina/);
    const linaTicket = await liveEventsOf(t(), q.c.id, `queue/ticket/${ec.id}`);
    expect(linaTicket.at(-1)?.data).toMatchObject({ state: 'waiting', position: 1 });
    // Audited with who and why.
    const audit = await ownerDb(t().db)
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'data'])
      .where('clinic_id', '=', q.c.id)
      .where('entity_id', '=', eb.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((x) => x.action)).toEqual([
      'queue.checked_in',
      'queue.call',
      'queue.return',
      'queue.left',
    ]);
    expect(audit.at(-1)).toMatchObject({ actor_user_id: q.c.secretary.id, data: { reason: 'gone home' } });
  });

  it('a walk-in gets an appointment at the doctor’s first free time today, then joins', async () => {
    const q = await queueClinic(t());
    await appointmentAt(t(), q, '08:00');
    await appointmentAt(t(), q, '08:30');
    t().clock.advance(3 * 60_000); // 08:03
    const r = await call(t(), q.sec, 'POST', `${q.base}/queue/walk-in`, {
      doctorId: q.c.doctor.id,
      patient: { fullName: 'Walk In', phone: randomPhone() },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ source: 'walk_in', arrival: 'walk_in', state: 'waiting', ticket: 1 });
    const appt = await ownerDb(t().db)
      .selectFrom('appointments')
      .select(['starts_at', 'status', 'source'])
      .where('clinic_id', '=', q.c.id)
      .where('id', '=', r.json().appointmentId)
      .executeTakeFirstOrThrow();
    expect(appt).toMatchObject({ status: 'checked_in', source: 'staff' });
    expect(appt.starts_at.toISOString()).toBe(q.todayAt('09:00'));
    expect((await entriesOf(t(), q.c.id)).length).toBe(1);
  });
});
