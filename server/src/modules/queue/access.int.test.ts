import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { addDoctor, book, everyDay } from '../../test/booking-clinic.ts';
import { describeEachDb, login, TEST_PASSWORD, TEST_SECRET } from '../../test/harness.ts';
import { deskCodeOf } from './codes.ts';
import { QUEUE_LIVE_TOPICS } from './live.ts';
import { appointmentAt, checkIn, liveEventsOf, queueClinic, randomPhone } from './test-fixture.ts';

const tokenOf = (url: string) => url.split('/').at(-1) as string;

describeEachDb('queue access: roles, other clinics, secret links', (t) => {
  it('role × action: doctors only in their own queue, patients and strangers kept out', async () => {
    const q = await queueClinic(t());
    const other = await addDoctor(t(), q.c);
    expect(
      (await call(t(), q.owner, 'PUT', `${q.base}/doctors/${other.id}/services/${q.serviceId}`, {}))
        .statusCode,
    ).toBe(200);
    expect(
      (await call(t(), q.owner, 'PUT', `${q.base}/doctors/${other.id}/work-hours`, { rules: everyDay() }))
        .statusCode,
    ).toBe(200);
    const doc2 = await login(t(), { email: other.email, password: TEST_PASSWORD });
    const mine = await checkIn(t(), q, await appointmentAt(t(), q, '09:00'));
    const theirs = await book(t(), q, q.sec, q.todayAt('09:00'), {
      doctorId: other.id,
      patientId: undefined,
      patient: { fullName: 'Theo Other', phone: randomPhone() },
    });
    const theirEntry = await checkIn(t(), q, theirs.json().id);
    const path = (p: string) => `${q.base}/queue/${p}`;
    // A doctor: own column only; the other doctor's queue is refused.
    const board = await call(t(), q.doc, 'GET', `${q.base}/queue`);
    expect(board.statusCode, board.body).toBe(200);
    expect(board.json().doctors.map((d: { doctorId: string }) => d.doctorId)).toEqual([q.c.doctor.id]);
    expect((await call(t(), q.doc, 'GET', `${q.base}/queue?doctorId=${other.id}`)).statusCode).toBe(403);
    expect((await call(t(), q.doc, 'POST', path(`doctors/${other.id}/call-next`), {})).statusCode).toBe(403);
    expect((await call(t(), q.doc, 'POST', path(`entries/${theirEntry.id}/call`), {})).statusCode).toBe(403);
    expect((await call(t(), doc2, 'POST', path(`entries/${mine.id}/start`), {})).statusCode).toBe(403);
    expect((await call(t(), doc2, 'POST', path(`entries/${theirEntry.id}/start`), {})).statusCode).toBe(200);
    // Desk actions are the desk's.
    expect(
      (await call(t(), q.doc, 'POST', path('check-in'), { appointmentId: mine.appointmentId })).statusCode,
    ).toBe(403);
    expect((await call(t(), q.doc, 'POST', path(`entries/${mine.id}/left`), {})).statusCode).toBe(403);
    expect(
      (await call(t(), q.doc, 'POST', path(`entries/${mine.id}/move`), { position: 1, reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await call(t(), q.doc, 'GET', path('displays'))).statusCode).toBe(403);
    // Estimates are the owner's.
    expect((await call(t(), q.sec, 'GET', path('estimates'))).statusCode).toBe(403);
    expect((await call(t(), q.owner, 'GET', path('estimates'))).statusCode).toBe(200);
    // A patient: none of the staff's routes; their own queue answers.
    for (const [m, p] of [
      ['GET', `${q.base}/queue`],
      ['POST', path('check-in')],
      ['POST', path(`doctors/${q.c.doctor.id}/call-next`)],
      ['POST', path(`entries/${mine.id}/call`)],
      ['GET', path('estimates')],
    ] as const) {
      const r = await call(
        t(),
        q.patient,
        m,
        p,
        m === 'POST' ? { appointmentId: mine.appointmentId } : undefined,
      );
      expect(r.statusCode, `${m} ${p}`).toBe(403);
    }
    expect((await call(t(), null, 'GET', `${q.base}/queue`)).statusCode).toBe(401);
    // Staff without a patient record: an empty answer, not an error.
    expect((await call(t(), q.owner, 'GET', `${q.base}/me/queue`)).json()).toEqual({
      tickets: [],
      canCheckIn: [],
    });
  });

  it('another clinic’s entries, appointments and doctors are unknown (404)', async () => {
    const a = await queueClinic(t());
    const entry = await checkIn(t(), a, await appointmentAt(t(), a, '09:00'));
    const b = await queueClinic(t());
    const path = (p: string) => `${b.base}/queue/${p}`;
    for (const action of ['call', 'start', 'finish', 'check-out', 'left', 'return']) {
      const r = await call(t(), b.owner, 'POST', path(`entries/${entry.id}/${action}`), {});
      expect([action, r.statusCode]).toEqual([action, 404]);
    }
    expect(
      (await call(t(), b.owner, 'POST', path(`entries/${entry.id}/move`), { position: 1, reason: 'x' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(t(), b.owner, 'POST', path(`entries/${entry.id}/urgent`), { urgent: true, reason: 'x' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(t(), b.sec, 'POST', path('check-in'), { appointmentId: entry.appointmentId })).statusCode,
    ).toBe(404);
    expect((await call(t(), b.sec, 'POST', path(`doctors/${a.c.doctor.id}/call-next`), {})).statusCode).toBe(
      404,
    );
    expect(
      (await call(t(), b.sec, 'POST', path('walk-in'), { doctorId: a.c.doctor.id, patientId: a.patientId }))
        .statusCode,
    ).toBe(404);
    // A's owner (signed in again: the clock moved a day) does not see B.
    const aOwner = await login(t(), a.c.owner);
    expect((await call(t(), aOwner, 'GET', `${b.base}/queue`)).statusCode).toBe(404);
  });

  it('waiting-room screens: shown once, no names, revoked at once; tickets only by their own token', async () => {
    const q = await queueClinic(t());
    const entry = await checkIn(t(), q, await appointmentAt(t(), q, '09:00', { name: 'Sara Ali' }));
    const made = await call(t(), q.sec, 'POST', `${q.base}/queue/displays`, { name: 'Waiting room TV' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: 'Waiting room TV', chime: true });
    const token = tokenOf(made.json().url);
    expect(made.json().url).toBe(`http://localhost:3000/app/display/${token}`);
    const list = await call(t(), q.owner, 'GET', `${q.base}/queue/displays`);
    expect(JSON.stringify(list.json())).not.toContain(token);
    const screen = await call(t(), null, 'GET', `/public/queue/displays/${token}`);
    expect(screen.statusCode, screen.body).toBe(200);
    expect(screen.json()).toMatchObject({
      clinicId: q.c.id,
      chime: true,
      waiting: [{ ticket: 1, initials: 'S. A.' }],
      checkInCode: deskCodeOf(TEST_SECRET, q.c.id, q.today),
      checkInUrl: `http://localhost:3000/c/${q.c.slug}/check-in`,
    });
    expect(screen.body).not.toContain('Sara');
    const display = QUEUE_LIVE_TOPICS.find((d) => d.pattern === 'queue/display');
    const ctx = { db: t().db, clinicId: q.c.id, userId: null, roles: [], params: {}, token };
    expect(await display?.allow?.(ctx)).toBe(true);
    const revoked = await call(t(), q.sec, 'POST', `${q.base}/queue/displays/${made.json().id}/revoke`, {});
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await call(t(), null, 'GET', `/public/queue/displays/${token}`)).statusCode).toBe(404);
    expect(await display?.allow?.(ctx)).toBe(false);
    expect((await liveEventsOf(t(), q.c.id, 'queue/display')).at(-1)?.type).toBe('queue.revoked');
    // A screen of another clinic's id shape, or garbage: 404.
    expect((await call(t(), null, 'GET', `/public/queue/displays/${'A'.repeat(54)}`)).statusCode).toBe(404);

    // The ticket page by its token; the live topic of another entry refuses it.
    const second = await checkIn(t(), q, await appointmentAt(t(), q, '09:30'));
    const mine = await call(t(), q.owner, 'GET', `${q.base}/me/queue`);
    expect(mine.json().tickets).toEqual([]);
    const sms = await t()
      .db.owner.selectFrom('outbox')
      .select('body')
      .where('body', 'like', '%/app/ticket/%')
      .orderBy('created_at', 'desc')
      .execute();
    const ticketTokens = sms.map((s) => /\/app\/ticket\/([\w-]+)/.exec(s.body)?.[1] ?? '');
    const pages = await Promise.all(
      ticketTokens.slice(0, 40).map((tk) => call(t(), null, 'GET', `/public/queue/tickets/${tk}`)),
    );
    const own = pages.find((p) => p.statusCode === 200 && p.json().entryId === entry.id);
    expect(own?.json()).toMatchObject({ ticket: 1, state: 'waiting', position: 1, peopleAhead: 0 });
    const ownToken = ticketTokens[pages.indexOf(own as (typeof pages)[number])] as string;
    const forged = `${ownToken.slice(0, -2)}${ownToken.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await call(t(), null, 'GET', `/public/queue/tickets/${forged}`)).statusCode).toBe(404);
    const ticketTopic = QUEUE_LIVE_TOPICS.find((d) => d.pattern === 'queue/ticket/:entryId');
    const base = { db: t().db, clinicId: q.c.id, userId: null, roles: [] };
    expect(await ticketTopic?.allow?.({ ...base, params: { entryId: entry.id }, token: ownToken })).toBe(
      true,
    );
    expect(await ticketTopic?.allow?.({ ...base, params: { entryId: second.id }, token: ownToken })).toBe(
      false,
    );
    expect(await ticketTopic?.allow?.({ ...base, params: { entryId: entry.id }, token: undefined })).toBe(
      false,
    );
    const doctorTopic = QUEUE_LIVE_TOPICS.find((d) => d.pattern === 'queue/doctor/:doctorId');
    const asDoctor = { ...base, userId: q.c.doctor.id, roles: ['doctor'] as const, token: undefined };
    expect(await doctorTopic?.allow?.({ ...asDoctor, params: { doctorId: q.c.doctor.id } })).toBe(true);
    expect(await doctorTopic?.allow?.({ ...asDoctor, params: { doctorId: q.c.secretary.id } })).toBe(false);
  });

  it('self check-in: the desk code and the phone; wrong tries count and stop', async () => {
    const q = await queueClinic(t());
    // Limits are counted across the database (and runs): fresh phones and addresses.
    const phone = randomPhone();
    const ip = () =>
      `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const [ipA, ipB, ipC] = [ip(), ip(), ip()];
    const [nobodyPhone, triesPhone, otherPhone] = [randomPhone(), randomPhone(), randomPhone()];
    await appointmentAt(t(), q, '09:00', { name: 'Self Checker', phone });
    const code = deskCodeOf(TEST_SECRET, q.c.id, q.today);
    const wrongCode = String((Number(code) + 1) % 10_000).padStart(4, '0');
    const post = (body: object, from = ipA) =>
      t().app.inject({
        method: 'POST',
        url: `/api/v1/public/clinics/${q.c.slug}/check-in`,
        payload: body,
        remoteAddress: from,
      });
    const wrong = await post({ phone, code: wrongCode });
    expect([wrong.statusCode, wrong.json().code]).toEqual([400, 'wrong_code']);
    const nobody = await post({ phone: nobodyPhone, code });
    expect([nobody.statusCode, nobody.json().code]).toEqual([404, 'no_appointment_today']);
    const ok = await post({ phone, code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().ticketUrl).toMatch(/^http:\/\/localhost:3000\/app\/ticket\/[\w-]{54}$/);
    expect((await post({ phone, code })).json()).toEqual(ok.json());
    const ticket = await call(t(), null, 'GET', `/public/queue/tickets/${tokenOf(ok.json().ticketUrl)}`);
    expect(ticket.json()).toMatchObject({ ticket: 1, state: 'waiting', estimatedWaitMinutes: 0 });
    for (let i = 0; i < 10; i++) await post({ phone: triesPhone, code: wrongCode }, ipB);
    const limited = await post({ phone: triesPhone, code }, ipB);
    expect([limited.statusCode, limited.json().code]).toEqual([429, 'rate_limited']);
    expect((await post({ phone: otherPhone, code: wrongCode }, ipC)).statusCode).toBe(400);
  });

  it('the patient’s own queue: their code to show, “I’m here” from 2 hours before, their ticket', async () => {
    const q = await queueClinic(t());
    const appointmentId = await appointmentAt(t(), q, '11:00', { patientId: q.patientId });
    const before = (await call(t(), q.patient, 'GET', `${q.base}/me/queue`)).json();
    expect(before.tickets).toEqual([]);
    expect(before.canCheckIn).toEqual([
      expect.objectContaining({ appointmentId, checkInCode: expect.stringMatching(/^[0-9A-Z]{10}$/) }),
    ]);
    const early = await call(t(), q.patient, 'POST', `${q.base}/me/queue/check-in`, { appointmentId });
    expect([early.statusCode, early.json().code]).toEqual([409, 'too_early']);
    t().clock.advance(60 * 60_000); // 09:00, two hours before
    const here = await call(t(), q.patient, 'POST', `${q.base}/me/queue/check-in`, { appointmentId });
    expect(here.statusCode, here.body).toBe(200);
    const after = (await call(t(), q.patient, 'GET', `${q.base}/me/queue`)).json();
    expect(after.canCheckIn).toEqual([]);
    expect(after.tickets).toEqual([
      expect.objectContaining({
        entryId: here.json().entryId,
        ticket: 1,
        state: 'waiting',
        ticketUrl: here.json().ticketUrl,
      }),
    ]);
    // By QR code at the desk, the code the patient showed.
    const other = await appointmentAt(t(), q, '11:30', { patientId: q.patientId });
    const shown = (await call(t(), q.patient, 'GET', `${q.base}/me/queue`)).json().canCheckIn[0];
    const desk = await call(t(), q.sec, 'POST', `${q.base}/queue/check-in`, { code: shown.checkInCode });
    expect(desk.json()).toMatchObject({ appointmentId: other, ticket: 2 });
    // Someone else's appointment is not theirs to check in.
    const stranger = await appointmentAt(t(), q, '12:00');
    expect(
      (await call(t(), q.patient, 'POST', `${q.base}/me/queue/check-in`, { appointmentId: stranger }))
        .statusCode,
    ).toBe(404);
  });
});
