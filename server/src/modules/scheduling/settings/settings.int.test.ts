import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb, login, type TestApp } from '../../../test/harness.ts';
import { addDoctor, type Booking, book, bookingClinic } from '../test-fixture.ts';

const localTimes = (b: Booking, slots: Array<{ start: string }>) =>
  slots.map((s) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: b.zone, hour: '2-digit', minute: '2-digit' }).format(
      new Date(s.start),
    ),
  );

async function startsOn(t: TestApp, b: Booking): Promise<string[]> {
  const res = await call(
    t,
    b.sec,
    'GET',
    `${b.base}/services/${b.serviceId}/slots?doctorId=${b.c.doctor.id}&from=${b.date}&to=${b.date}`,
  );
  expect(res.statusCode).toBe(200);
  return localTimes(b, res.json().slots);
}

describeEachDb('scheduling settings: the slot grid', (t) => {
  it('suggests starts on the quarter-hour grid by default; off-grid edges only once the owner turns them on', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const url = `${b.base}/scheduling-settings`;
    expect((await call(t(), b.sec, 'GET', url)).json()).toEqual({
      slotGridMin: 15,
      offGridStarts: false,
      updatedAt: null,
    });
    // A 30-minute visit squeezed in at 09:05 leaves free time ending at 09:05 and starting at 09:35.
    expect((await book(t(), b, b.sec, b.at('09:05'))).statusCode).toBe(201);
    const grid = await startsOn(t(), b);
    expect(grid.slice(0, 5)).toEqual(['08:00', '08:15', '08:30', '09:45', '10:00']);
    expect(grid.every((s) => Number(s.slice(3)) % 15 === 0)).toBe(true);

    const on = await call(t(), b.owner, 'PUT', url, { slotGridMin: 15, offGridStarts: true });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ slotGridMin: 15, offGridStarts: true });
    expect(Date.parse(on.json().updatedAt)).not.toBeNaN();
    // The write drops the clinic's cached slot answers: the next read has the gap edges.
    expect((await startsOn(t(), b)).slice(0, 6)).toEqual([
      '08:00',
      '08:15',
      '08:30',
      '08:35',
      '09:35',
      '09:45',
    ]);

    const half = await call(t(), b.owner, 'PUT', url, { slotGridMin: 30, offGridStarts: false });
    expect(half.statusCode).toBe(200);
    const halves = await startsOn(t(), b);
    expect(halves.slice(0, 3)).toEqual(['08:00', '08:30', '10:00']);
    expect(halves.every((s) => s.endsWith(':00') || s.endsWith(':30'))).toBe(true);
    expect((await call(t(), b.doc, 'GET', url)).json()).toMatchObject({
      slotGridMin: 30,
      offGridStarts: false,
    });

    const audit = await t()
      .db.owner.selectFrom('audit_events')
      .select(['action', 'data'])
      .where('clinic_id', '=', b.c.id)
      .where('action', '=', 'scheduling.settings_updated')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]!.data).toMatchObject({
      before: { slotGridMin: 15, offGridStarts: true },
      after: { slotGridMin: 30, offGridStarts: false },
    });
  });

  it('only the owner changes it; other clinics, other roles and malformed bodies are refused', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await createTestClinic(t());
    const otherOwner = await login(t(), other.owner);
    const url = `${b.base}/scheduling-settings`;
    const body = { slotGridMin: 30, offGridStarts: true };
    for (const who of [b.sec, b.doc, b.patient]) {
      const res = await call(t(), who, 'PUT', url, body);
      expect(res.statusCode).toBe(403);
    }
    expect((await call(t(), b.patient, 'GET', url)).statusCode).toBe(403);
    const foreign = await call(t(), otherOwner, 'PUT', url, body);
    expect([403, 404]).toContain(foreign.statusCode);
    for (const bad of [
      { slotGridMin: 7, offGridStarts: false },
      { slotGridMin: 0, offGridStarts: false },
      { slotGridMin: '15', offGridStarts: false },
      { slotGridMin: 15 },
      { slotGridMin: 15, offGridStarts: 'yes' },
      { slotGridMin: 15, offGridStarts: false, clinicId: other.id },
      [],
      null,
    ]) {
      const res = await call(t(), b.owner, 'PUT', url, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBeTruthy();
    }
    // Nothing above changed either clinic.
    expect((await call(t(), b.owner, 'GET', url)).json()).toMatchObject({ slotGridMin: 15, updatedAt: null });
    expect(
      (await call(t(), otherOwner, 'GET', `/clinics/${other.id}/scheduling-settings`)).json(),
    ).toMatchObject({ slotGridMin: 15, updatedAt: null });
    // Concurrent saves from two tabs: each answers 200, one of them wins whole.
    const saves = await Promise.all(
      [5, 10, 20, 60].map((g) => call(t(), b.owner, 'PUT', url, { slotGridMin: g, offGridStarts: g === 5 })),
    );
    expect(saves.map((s) => s.statusCode)).toEqual([200, 200, 200, 200]);
    const final = (await call(t(), b.owner, 'GET', url)).json();
    expect([5, 10, 20, 60]).toContain(final.slotGridMin);
    expect(final.offGridStarts).toBe(final.slotGridMin === 5);
  });

  it('work days: open when a doctor works, closed on days off and clinic closures', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const second = await addDoctor(t(), b.c);
    // The first doctor Monday to Friday; the second Saturday only; nobody on Sunday.
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      start: '09:00',
      end: '17:00',
      mode: 'in_person',
    }));
    expect(
      (await call(t(), b.sec, 'PUT', `${b.base}/doctors/${b.c.doctor.id}/work-hours`, { rules: weekdays }))
        .statusCode,
    ).toBe(200);
    const saturday = [{ weekday: 6, start: '10:00', end: '12:00', mode: 'in_person' }];
    expect(
      (await call(t(), b.sec, 'PUT', `${b.base}/doctors/${second.id}/work-hours`, { rules: saturday }))
        .statusCode,
    ).toBe(200);
    const monday = '2031-03-03';
    const sunday = '2031-03-09';
    const closure = await call(t(), b.sec, 'POST', `${b.base}/schedule-exceptions`, {
      kind: 'closure',
      fromDate: '2031-03-05',
      toDate: '2031-03-05',
    });
    expect(closure.statusCode).toBe(201);
    const all = await call(t(), b.doc, 'GET', `${b.base}/work-days?from=${monday}&to=${sunday}`);
    expect(all.statusCode).toBe(200);
    expect(all.json().days.map((d: { open: boolean }) => d.open)).toEqual([
      true,
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(all.json().days[0].date).toBe(monday);
    const first = await call(
      t(),
      b.sec,
      'GET',
      `${b.base}/work-days?from=${monday}&to=${sunday}&doctorId=${b.c.doctor.id}`,
    );
    expect(first.json().days.map((d: { open: boolean }) => d.open)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      false,
    ]);

    expect(
      (await call(t(), b.patient, 'GET', `${b.base}/work-days?from=${monday}&to=${sunday}`)).statusCode,
    ).toBe(403);
    const notADoctor = await call(
      t(),
      b.sec,
      'GET',
      `${b.base}/work-days?from=${monday}&to=${sunday}&doctorId=${b.c.secretary.id}`,
    );
    expect(notADoctor.statusCode).toBe(404);
    for (const q of [
      `from=${sunday}&to=${monday}`,
      `from=${monday}&to=2031-06-30`,
      `from=${monday}`,
      `from=2031-02-30&to=${sunday}`,
      `from=${monday}&to=${sunday}&doctorId=nope`,
    ]) {
      const res = await call(t(), b.sec, 'GET', `${b.base}/work-days?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBeTruthy();
    }
  });
});
