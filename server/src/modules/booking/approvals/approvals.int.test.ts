import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb, ownerDb, randomIp } from '../../../test/harness.ts';
import { bookingClinic, bookOnline, hold, phoneNo, pub } from '../test-fixture.ts';

describeEachDb('requests awaiting approval, the inbox, settings and limits', (t) => {
  it('a service needing approval: requested, in the inbox, approved by the secretary (audited)', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const set = await call(t(), b.owner, 'PUT', `${b.base}/booking-settings/services/${b.serviceId}`, {
      requiresApproval: true,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().services[0]).toMatchObject({ serviceId: b.serviceId, requiresApproval: true });
    // The secretary cannot change settings; the owner's edit keeps other fields.
    expect((await call(t(), b.sec, 'PUT', `${b.base}/booking-settings`, { holdMinutes: 5 })).statusCode).toBe(
      403,
    );
    const put = await call(t(), b.owner, 'PUT', `${b.base}/booking-settings`, { approvalHours: 2 });
    expect(put.json()).toMatchObject({ approvalHours: 2, holdMinutes: 10, reminderOffsetsMin: [1440, 120] });

    const { verify, holdId } = await bookOnline(t(), b, '10:00', { name: 'Req One', phone: phoneNo() });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json().status).toBe('requested');
    const inbox = await call(t(), b.sec, 'GET', `${b.base}/approvals`);
    expect(inbox.json().count).toBe(1);
    expect(inbox.json().items[0]).toMatchObject({ id: holdId, status: 'requested', patientName: 'Req One' });
    // It still holds the time.
    expect((await hold(t(), b, '10:00')).statusCode).toBe(409);
    // The patient cannot answer for the clinic.
    expect((await call(t(), b.patient, 'POST', `${b.base}/appointments/${holdId}/approve`)).statusCode).toBe(
      403,
    );
    const ok = await call(t(), b.sec, 'POST', `${b.base}/appointments/${holdId}/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('confirmed');
    expect((await call(t(), b.sec, 'POST', `${b.base}/appointments/${holdId}/approve`)).statusCode).toBe(409);
    expect((await call(t(), b.sec, 'GET', `${b.base}/approvals`)).json().count).toBe(0);
    const actions = await ownerDb(t().db)
      .selectFrom('audit_events')
      .select('action')
      .where('clinic_id', '=', b.c.id)
      .where('entity_id', '=', holdId)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['appointment.requested', 'appointment.confirmed']),
    );
  });

  it('decline needs a reason and frees the time; an unanswered request lapses at its deadline', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    await call(t(), b.owner, 'PUT', `${b.base}/booking-settings/services/${b.serviceId}`, {
      requiresApproval: true,
    });
    await call(t(), b.owner, 'PUT', `${b.base}/booking-settings`, { approvalHours: 3 });
    const one = await bookOnline(t(), b, '10:00', { name: 'Dee', phone: phoneNo() });
    t().clock.advance(1000);
    const two = await bookOnline(t(), b, '12:00', { name: 'Eve', phone: phoneNo() });
    expect(two.verify.json().status).toBe('requested');
    const url = `${b.base}/appointments/${one.holdId}/decline`;
    const none = await call(t(), b.owner, 'POST', url, { reason: '' });
    expect(none.statusCode).toBe(400);
    const declined = await call(t(), b.owner, 'POST', url, { reason: 'Doctor away that day' });
    expect(declined.json().status).toBe('cancelled');
    expect((await hold(t(), b, '10:00')).statusCode).toBe(201);

    // Past the deadline the request frees its time at once; the sweep marks it, audited.
    t().clock.advance(3 * 3_600_000 + 1000);
    expect((await call(t(), b.sec, 'GET', `${b.base}/approvals`)).json().count).toBe(0);
    const late = await call(t(), b.sec, 'POST', `${b.base}/appointments/${two.holdId}/approve`);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('approval_lapsed');
    // The time is free again: taking it marks the lapsed request (the sweep does the same for the
    // rest; it is not run here since it sweeps every clinic of the shared test database, whose
    // other tests keep their own clocks).
    expect((await hold(t(), b, '12:00')).statusCode).toBe(201);
    const row = await ownerDb(t().db)
      .selectFrom('appointments')
      .select('status')
      .where('clinic_id', '=', b.c.id)
      .where('id', '=', two.holdId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    const lapsed = await ownerDb(t().db)
      .selectFrom('audit_events')
      .select('action')
      .where('clinic_id', '=', b.c.id)
      .where('entity_id', '=', two.holdId)
      .where('action', '=', 'appointment.approval_lapsed')
      .execute();
    expect(lapsed).toHaveLength(1);
  });

  it('limits: open holds per address, codes per phone → 429 with Retry-After', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const ip = randomIp();
    for (const at of ['08:00', '08:30', '09:00'])
      expect((await hold(t(), b, at, { ip })).statusCode).toBe(201);
    const fourth = await hold(t(), b, '09:30', { ip });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().code).toBe('rate_limited');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);

    // Codes per phone: five an hour, whichever holds and addresses ask.
    const phone = phoneNo();
    const answers = [];
    for (let i = 0; i < 6; i++) {
      const h = await hold(t(), b, `1${i}:00`);
      expect(h.statusCode, h.body).toBe(201);
      const { holdId, holdSecret } = h.json();
      answers.push(
        await pub(t(), 'POST', `/${b.c.slug}/holds/${holdId}/details`, { holdSecret, name: 'Flo', phone }),
      );
      // Earlier holds of this phone lapse so the open-holds limit does not answer first.
      t().clock.advance(11 * 60_000);
    }
    expect(answers.slice(0, 5).map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[5]!.statusCode).toBe(429);
    expect(answers[5]!.headers['retry-after']).toBeDefined();
  });
});
