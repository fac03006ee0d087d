import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { bookingClinic } from '../../test/booking-clinic.ts';
import { createTestClinic, describeEachDb, ownerDb } from '../../test/harness.ts';
import { addWish, liveAt, phone } from './test-fixture.ts';

describeEachDb('waitlist wishes (staff page and patient panel)', (t) => {
  it('staff add, raise, list in queue order, withdraw; every change audited', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const a = await addWish(t(), b, { patientId: b.patientId, parts: ['morning', 'morning'] });
    expect(a).toMatchObject({ status: 'waiting', priority: 'normal', source: 'staff', parts: ['morning'] });
    const c = await addWish(t(), b, {
      patient: { fullName: 'Cal', phone: phone() },
      doctorId: b.c.doctor.id,
    });
    const raised = await call(t(), b.owner, 'PATCH', `${b.base}/waitlist/${c.id}`, { priority: 'urgent' });
    expect(raised.statusCode).toBe(200);
    const list = await call(t(), b.doc, 'GET', `${b.base}/waitlist`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((w: { id: string }) => w.id)).toEqual([c.id, a.id]);
    const gone = await call(t(), b.sec, 'DELETE', `${b.base}/waitlist/${a.id}`);
    expect(gone.json().status).toBe('withdrawn');
    expect((await call(t(), b.sec, 'DELETE', `${b.base}/waitlist/${a.id}`)).json().code).toBe('wish_closed');
    const actions = await ownerDb(t().db)
      .selectFrom('audit_events')
      .select('action')
      .where('clinic_id', '=', b.c.id)
      .where('action', 'like', 'waitlist.%')
      .execute();
    expect(actions.map((x) => x.action).sort()).toEqual([
      'waitlist.wish_added',
      'waitlist.wish_added',
      'waitlist.wish_raised',
      'waitlist.wish_withdrawn',
    ]);
  });

  it('roles: doctors read, only owner and secretary change; patients see only their own', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const body = { patientId: b.patientId, serviceId: b.serviceId, fromDate: b.date, toDate: b.date };
    expect((await call(t(), b.doc, 'POST', `${b.base}/waitlist`, body)).statusCode).toBe(403);
    expect((await call(t(), b.patient, 'GET', `${b.base}/waitlist`)).statusCode).toBe(403);
    expect((await call(t(), b.patient, 'POST', `${b.base}/waitlist`, body)).statusCode).toBe(403);
    expect((await call(t(), null, 'GET', `${b.base}/waitlist`)).statusCode).toBe(401);
    const staffWish = await addWish(t(), b, { patient: { fullName: 'Other', phone: phone() } });
    expect(
      (await call(t(), b.doc, 'PATCH', `${b.base}/waitlist/${staffWish.id}`, { priority: 'high' }))
        .statusCode,
    ).toBe(403);
    // The patient panel: their own wish, without a code; another patient's wish is unknown to them.
    const mine = await call(t(), b.patient, 'POST', `${b.base}/me/waitlist`, {
      serviceId: b.serviceId,
      fromDate: b.date,
      toDate: b.date,
      parts: ['evening'],
    });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ source: 'patient', patientId: b.patientId });
    const own = await call(t(), b.patient, 'GET', `${b.base}/me/waitlist`);
    expect(own.json().items.map((w: { id: string }) => w.id)).toEqual([mine.json().id]);
    expect((await call(t(), b.patient, 'DELETE', `${b.base}/me/waitlist/${staffWish.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await call(t(), b.patient, 'DELETE', `${b.base}/me/waitlist/${mine.json().id}`)).json().status,
    ).toBe('withdrawn');
  });

  it("another clinic's wish, doctor, service and patient ids are 404s; bad input is 400", async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const o = await bookingClinic(t(), await createTestClinic(t()));
    const theirs = await addWish(t(), o, { patientId: o.patientId });
    expect(
      (await call(t(), b.sec, 'PATCH', `${b.base}/waitlist/${theirs.id}`, { priority: 'urgent' })).statusCode,
    ).toBe(404);
    expect((await call(t(), b.sec, 'DELETE', `${b.base}/waitlist/${theirs.id}`)).statusCode).toBe(404);
    // Their secretary cannot reach this clinic at all.
    expect((await call(t(), o.sec, 'GET', `${b.base}/waitlist`)).statusCode).toBe(404);
    const base = { fromDate: b.date, toDate: b.date };
    const post = (x: Record<string, unknown>) =>
      call(t(), b.sec, 'POST', `${b.base}/waitlist`, { ...base, ...x });
    expect((await post({ patientId: b.patientId, doctorId: o.c.doctor.id })).statusCode).toBe(404);
    expect((await post({ patientId: b.patientId, serviceId: o.serviceId })).statusCode).toBe(404);
    expect((await post({ patientId: o.patientId, serviceId: b.serviceId })).statusCode).toBe(404);
    const none = await post({ patientId: b.patientId });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('validation_failed');
    const reversed = await post({
      patientId: b.patientId,
      serviceId: b.serviceId,
      fromDate: b.date,
      toDate: '2000-01-01',
    });
    expect(reversed.statusCode).toBe(400);
    expect((await post({ patientId: 'nope', serviceId: b.serviceId })).statusCode).toBe(400);
    expect(
      (await post({ patientId: b.patientId, serviceId: b.serviceId, parts: ['night'] })).statusCode,
    ).toBe(400);
    expect((await post({ patientId: b.patientId, serviceId: b.serviceId, priority: 'vip' })).statusCode).toBe(
      400,
    );
  });

  it('staff fill a free time by hand from the matching wishes', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const fits = await addWish(t(), b, { patientId: b.patientId, parts: ['morning'] });
    await addWish(t(), b, { patient: { fullName: 'Eve', phone: phone() }, parts: ['evening'] });
    const q = new URLSearchParams({
      doctorId: b.c.doctor.id,
      startsAt: b.at('09:00'),
      endsAt: b.at('09:30'),
    });
    const matches = await call(t(), b.sec, 'GET', `${b.base}/waitlist/matches?${q}`);
    expect(matches.statusCode, matches.body).toBe(200);
    expect(matches.json().items.map((w: { id: string }) => w.id)).toEqual([fits.id]);
    const booked = await call(t(), b.sec, 'POST', `${b.base}/waitlist/${fits.id}/book`, {
      doctorId: b.c.doctor.id,
      startsAt: b.at('09:00'),
    });
    expect(booked.statusCode, booked.body).toBe(200);
    expect(booked.json().status).toBe('booked');
    expect(await liveAt(t(), b.c.id, b.at('09:00'))).toEqual([
      expect.objectContaining({ patient_id: b.patientId, status: 'confirmed' }),
    ]);
    // The time is taken now: booking another wish into it is a conflict.
    const eve = await addWish(t(), b, { patient: { fullName: 'Eve2', phone: phone() } });
    const clash = await call(t(), b.sec, 'POST', `${b.base}/waitlist/${eve.id}/book`, {
      doctorId: b.c.doctor.id,
      startsAt: b.at('09:00'),
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('slot_taken');
  });
});
