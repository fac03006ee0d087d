import { gunzipSync } from 'node:zlib';
import { isoFromDay, localToUtc, utcToLocal } from '@cliniclick/time';
import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb, type TestApp } from '../../../test/harness.ts';
import { addDoctor, book, bookingClinic, everyDay } from '../test-fixture.ts';

const actions = async (t: TestApp, clinicId: string) =>
  (
    await t.db.owner
      .selectFrom('audit_events')
      .select('action')
      .where('clinic_id', '=', clinicId)
      .orderBy('seq')
      .execute()
  ).map((a) => a.action);

describeEachDb('appointments', (t) => {
  it('books a free slot, takes it out of the slots, and walks the visit through its states (audited)', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const slotsUrl = `${b.base}/services/${b.serviceId}/slots?doctorId=${b.c.doctor.id}&from=${b.date}&to=${b.date}`;
    const before = await call(t(), b.sec, 'GET', slotsUrl);
    expect(before.statusCode).toBe(200);
    expect(before.json().timeZone).toBe('America/New_York');
    const starts = before.json().slots.map((s: { start: string }) => s.start);
    expect(starts[0]).toBe(b.at('08:00'));
    expect(starts).toContain(b.at('09:00'));
    // Asked again within the cache's life: the same bytes, as JSON, with the usual headers.
    const repeat = await call(t(), b.sec, 'GET', slotsUrl);
    expect(repeat.body).toBe(before.body);
    expect(repeat.headers['content-type']).toBe(before.headers['content-type']);
    expect(repeat.headers['x-request-id']).toBeTruthy();
    // A browser (Accept-Encoding: gzip) gets the same answer compressed.
    const zipped = await t().app.inject({
      method: 'GET',
      url: `/api/v1${slotsUrl}`,
      headers: { ...b.sec.auth, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(before.rawPayload.length);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(before.body);

    const booked = await book(t(), b, b.sec, b.at('09:00'));
    expect(booked.statusCode).toBe(201);
    const a = booked.json();
    expect(a).toMatchObject({
      status: 'confirmed',
      startsAt: b.at('09:00'),
      endsAt: b.at('09:30'),
      patientName: 'Pat Lee',
      serviceName: 'Consultation',
      priceMinor: 5000,
      currency: 'USD',
      // A week ahead: nobody can be a no-show yet; starting waits for check-in (the default rule).
      actions: ['checkIn', 'cancel'],
    });
    const after = (await call(t(), b.sec, 'GET', slotsUrl)).json();
    expect(after.slots.map((s: { start: string }) => s.start)).not.toContain(b.at('09:00'));
    const next = after.slots.find((s: { start: string }) => s.start === b.at('09:30'));
    expect(next.recommended).toBe(true);

    const again = await book(t(), b, b.owner, b.at('09:15'));
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('slot_taken');

    const url = `${b.base}/appointments/${a.id}`;
    for (const [step, status] of [
      ['check-in', 'checked_in'],
      ['start', 'in_progress'],
      ['complete', 'completed'],
    ] as const) {
      const res = await call(t(), b.doc, 'POST', `${url}/${step}`);
      expect(res.statusCode, step).toBe(200);
      expect(res.json().status).toBe(status);
    }
    const late = await call(t(), b.sec, 'POST', `${url}/cancel`, { reason: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('invalid_transition');
    expect(await actions(t(), b.c.id)).toEqual(
      expect.arrayContaining([
        'appointment.booked',
        'appointment.checked_in',
        'appointment.in_progress',
        'appointment.completed',
      ]),
    );
    const list = await call(
      t(),
      b.doc,
      'GET',
      `${b.base}/appointments?from=${b.at('00:00')}&to=${b.at('23:59')}`,
    );
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    // Without a range: the week from today (the booking is a week ahead, so not in it).
    const thisWeek = await call(t(), b.doc, 'GET', `${b.base}/appointments`);
    expect(thisWeek.statusCode).toBe(200);
    expect(thisWeek.json().items).toEqual([]);
    const weekSlots = await call(t(), b.sec, 'GET', `${b.base}/services/${b.serviceId}/slots`);
    expect(weekSlots.statusCode).toBe(200);
    expect(weekSlots.json().slots.length).toBeGreaterThan(0);
  });

  it('a hold blocks until it lapses; then the slot is free and the hold expires when someone books it', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const held = await book(t(), b, b.sec, b.at('10:00'), { holdMinutes: 5 });
    expect(held.statusCode).toBe(201);
    expect(held.json()).toMatchObject({ status: 'pending' });
    expect((await book(t(), b, b.sec, b.at('10:00'))).statusCode).toBe(409);
    t().clock.advance(6 * 60_000);
    try {
      const slots = await call(
        t(),
        b.sec,
        'GET',
        `${b.base}/services/${b.serviceId}/slots?from=${b.date}&to=${b.date}`,
      );
      expect(slots.json().slots.map((s: { start: string }) => s.start)).toContain(b.at('10:00'));
      const late = await call(t(), b.sec, 'POST', `${b.base}/appointments/${held.json().id}/confirm`);
      expect(late.json().code).toBe('hold_expired');
      const taken = await book(t(), b, b.sec, b.at('10:00'));
      expect(taken.statusCode).toBe(201);
      const old = await call(t(), b.sec, 'GET', `${b.base}/appointments/${held.json().id}`);
      expect(old.json().status).toBe('expired');
      expect(await actions(t(), b.c.id)).toContain('appointment.expired');
    } finally {
      t().clock.advance(-6 * 60_000);
    }
  });

  it('reschedules atomically: a taken time leaves the appointment where it was; a free one frees the old time', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    await book(t(), b, b.sec, b.at('10:00'));
    const clash = await call(t(), b.sec, 'POST', `${b.base}/appointments/${a.id}/reschedule`, {
      startsAt: b.at('10:15'),
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('slot_taken');
    expect((await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}`)).json().startsAt).toBe(
      b.at('09:00'),
    );
    const moved = await call(t(), b.sec, 'POST', `${b.base}/appointments/${a.id}/reschedule`, {
      startsAt: b.at('11:00'),
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      startsAt: b.at('11:00'),
      endsAt: b.at('11:30'),
      status: 'confirmed',
    });
    expect((await book(t(), b, b.sec, b.at('09:00'))).statusCode).toBe(201);
    expect(await actions(t(), b.c.id)).toContain('appointment.rescheduled');
  });

  it('offers the visit being moved its own time: a small shift overlapping itself is free', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    const url = `${b.base}/services/${b.serviceId}/slots?doctorId=${b.c.doctor.id}&from=${b.date}&to=${b.date}`;
    const starts = async (extra = '') =>
      (await call(t(), b.sec, 'GET', `${url}${extra}`)).json().slots.map((s: { start: string }) => s.start);
    expect(await starts()).not.toContain(b.at('09:15'));
    expect(await starts(`&excludeAppointmentId=${a.id}`)).toContain(b.at('09:15'));
    const shifted = await call(t(), b.sec, 'POST', `${b.base}/appointments/${a.id}/reschedule`, {
      startsAt: b.at('09:15'),
    });
    expect(shifted.statusCode).toBe(200);
    expect(shifted.json().startsAt).toBe(b.at('09:15'));
    // Another clinic's visit (or any unknown id) frees nothing here; a malformed one is a 400.
    const other = await bookingClinic(t(), await createTestClinic(t()));
    const theirs = (await book(t(), other, other.sec, other.at('09:00'))).json();
    expect(await starts(`&excludeAppointmentId=${theirs.id}`)).not.toContain(b.at('09:30'));
    const bad = await call(t(), b.sec, 'GET', `${url}&excludeAppointmentId=nope`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });

  it('a weekly series books the free weeks, reports the taken one, keeps local time over DST, and previews on a dry run', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const body = {
      doctorId: b.c.doctor.id,
      serviceId: b.serviceId,
      patientId: b.patientId,
      startsAt: b.at('09:00'),
      count: 4,
    };
    const third = new Date(Date.parse(b.at('09:00')) + 14 * 86_400_000);
    const thirdDate = new Date(third.getTime() - 5 * 3_600_000).toISOString().slice(0, 10);
    await book(t(), b, b.sec, b.at('09:00', thirdDate));
    const dry = await call(t(), b.sec, 'POST', `${b.base}/appointment-series`, { ...body, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ seriesId: null, booked: [] });
    expect(dry.json().free).toHaveLength(3);
    expect(dry.json().conflicts).toEqual([
      expect.objectContaining({ startsAt: b.at('09:00', thirdDate), code: 'slot_taken' }),
    ]);
    const res = await call(t(), b.sec, 'POST', `${b.base}/appointment-series`, body);
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.booked).toHaveLength(3);
    expect(out.conflicts).toHaveLength(1);
    expect(out.booked.every((x: { seriesId: string }) => x.seriesId === out.seriesId)).toBe(true);
    // Every occurrence is at 09:00 on the clinic's wall clock, whatever the UTC offset that week.
    const local = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: b.zone, hour: '2-digit', minute: '2-digit' }).format(
        new Date(iso),
      );
    expect(new Set(out.booked.map((x: { startsAt: string }) => local(x.startsAt)))).toEqual(
      new Set(['09:00']),
    );
  });

  it('time off for the clinic’s today names its evening visits when the UTC date is already tomorrow', async () => {
    // 19:30 in New York is 00:30 UTC the next day: "today" must be the clinic's, not UTC's.
    const zone = 'America/New_York';
    const now = utcToLocal(zone, t().clock.now().getTime());
    const evening = (day: number) => localToUtc(zone, day, 19 * 60 + 30);
    const at = evening(now.day) > t().clock.now().getTime() ? evening(now.day) : evening(now.day + 1);
    t().clock.set(new Date(at));
    const b = await bookingClinic(t(), await createTestClinic(t()), zone);
    const today = isoFromDay(utcToLocal(zone, at).day);
    expect(today).not.toBe(new Date(at).toISOString().slice(0, 10));
    const hoursUrl = `${b.base}/doctors/${b.c.doctor.id}/work-hours`;
    expect((await call(t(), b.sec, 'PUT', hoursUrl, { rules: everyDay('08:00', '22:00') })).statusCode).toBe(
      200,
    );
    const visit = (await book(t(), b, b.sec, b.at('21:00', today))).json();
    const off = await call(t(), b.doc, 'POST', `${b.base}/schedule-exceptions`, {
      kind: 'time_off',
      doctorId: b.c.doctor.id,
      fromDate: today,
      toDate: today,
    });
    expect(off.statusCode).toBe(201);
    expect(off.json().orphaned.map((a: { id: string }) => a.id)).toEqual([visit.id]);
  });

  it('saving hours (or previewing them, or adding time off) names the future appointments they leave outside', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const late = (await book(t(), b, b.sec, b.at('16:00'))).json();
    const early = (await book(t(), b, b.sec, b.at('09:00'))).json();
    const hoursUrl = `${b.base}/doctors/${b.c.doctor.id}/work-hours`;
    const preview = await call(t(), b.sec, 'POST', `${hoursUrl}/preview`, {
      rules: everyDay('08:00', '12:00'),
    });
    expect(preview.json().orphaned.map((a: { id: string }) => a.id)).toEqual([late.id]);
    expect((await call(t(), b.sec, 'GET', hoursUrl)).json().rules[0]).toMatchObject({
      start: '08:00',
      end: '18:00',
    });
    const saved = await call(t(), b.doc, 'PUT', hoursUrl, { rules: everyDay('08:00', '12:00') });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().orphaned.map((a: { id: string }) => a.id)).toEqual([late.id]);
    const off = await call(t(), b.doc, 'POST', `${b.base}/schedule-exceptions`, {
      kind: 'time_off',
      doctorId: b.c.doctor.id,
      fromDate: b.date,
      toDate: b.date,
    });
    expect(off.statusCode).toBe(201);
    expect(
      off
        .json()
        .orphaned.map((a: { id: string }) => a.id)
        .sort(),
    ).toEqual([early.id, late.id].sort());
    const closure = await call(t(), b.doc, 'POST', `${b.base}/schedule-exceptions`, {
      kind: 'closure',
      fromDate: b.date,
      toDate: b.date,
    });
    expect(closure.statusCode).toBe(403);
    const overlap = await call(t(), b.sec, 'PUT', hoursUrl, {
      rules: [
        { weekday: 1, start: '09:00', end: '12:00', mode: 'in_person' },
        { weekday: 1, start: '11:00', end: '13:00', mode: 'online' },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().code).toBe('overlapping_hours');
  });

  it('quick-creates a patient from name and phone, and reuses them next time', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const first = await book(t(), b, b.sec, b.at('13:00'), {
      patientId: undefined,
      patient: { fullName: 'Noor Ali', phone },
    });
    expect(first.statusCode).toBe(201);
    const second = await book(t(), b, b.sec, b.at('14:00'), {
      patientId: undefined,
      patient: { fullName: 'N. Ali', phone },
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().patientId).toBe(first.json().patientId);
    expect(first.json().patientName).toBe('Noor Ali');
    const both = await book(t(), b, b.sec, b.at('15:00'), { patient: { fullName: 'X', phone } });
    expect(both.statusCode).toBe(400);
  });

  it('a room is never double-booked, across doctors', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const second = await addDoctor(t(), b.c);
    const room = (await call(t(), b.owner, 'POST', `${b.base}/rooms`, { name: 'Surgery' })).json();
    // Names are the clinic's own: the same one (in any case) is refused plainly, another clinic may use it.
    for (const [name, status] of [
      ['surgery', 409],
      ['Recovery', 201],
    ] as const) {
      const res = await call(t(), b.owner, 'POST', `${b.base}/rooms`, { name });
      expect(res.statusCode, name).toBe(status);
      if (status === 409) expect(res.json().code).toBe('room_name_taken');
    }
    const recovery = (await call(t(), b.owner, 'GET', `${b.base}/rooms`)).json();
    const recoveryId = (recovery.items ?? recovery).find((r: { name: string }) => r.name === 'Recovery').id;
    const renamed = await call(t(), b.owner, 'PATCH', `${b.base}/rooms/${recoveryId}`, { name: 'SURGERY' });
    expect([renamed.statusCode, renamed.json().code]).toEqual([409, 'room_name_taken']);
    const elsewhere = await bookingClinic(t(), await createTestClinic(t()));
    expect(
      (await call(t(), elsewhere.owner, 'POST', `${elsewhere.base}/rooms`, { name: 'Surgery' })).statusCode,
    ).toBe(201);
    const svc = (
      await call(t(), b.owner, 'POST', `${b.base}/services`, {
        name: 'Extraction',
        durationMin: 45,
        priceMinor: 12000,
        mode: 'in_person',
        requiresRoom: true,
        bufferAfterMin: 15,
      })
    ).json();
    for (const d of [b.c.doctor.id, second.id]) {
      expect(
        (await call(t(), b.owner, 'PUT', `${b.base}/doctors/${d}/services/${svc.id}`, { priceMinor: 15000 }))
          .statusCode,
      ).toBe(200);
      expect(
        (
          await call(t(), b.owner, 'PUT', `${b.base}/doctors/${d}/work-hours`, {
            rules: everyDay('08:00', '18:00', { roomId: room.id }),
          })
        ).statusCode,
      ).toBe(200);
    }
    const one = await book(t(), b, b.sec, b.at('09:00'), { serviceId: svc.id });
    expect(one.statusCode).toBe(201);
    expect(one.json()).toMatchObject({ roomId: room.id, priceMinor: 15000, endsAt: b.at('09:45') });
    // The room's cleaning buffer (15 min after) is part of what it blocks.
    const other = await book(t(), b, b.sec, b.at('09:50'), { serviceId: svc.id, doctorId: second.id });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'slot_taken', conflict: 'room' });
    const slots = (
      await call(
        t(),
        b.sec,
        'GET',
        `${b.base}/services/${svc.id}/slots?doctorId=${second.id}&from=${b.date}&to=${b.date}`,
      )
    ).json();
    const first = slots.slots
      .map((s: { start: string }) => s.start)
      .filter((s: string) => s >= b.at('09:00'))[0];
    expect(first).toBe(b.at('10:00'));
    expect(
      (await book(t(), b, b.sec, b.at('10:00'), { serviceId: svc.id, doctorId: second.id })).statusCode,
    ).toBe(201);
  });
});
