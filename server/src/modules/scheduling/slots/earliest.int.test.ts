import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb } from '../../../test/harness.ts';
import { addDoctor, book, bookingClinic, everyDay } from '../test-fixture.ts';

type Slots = { slots: Array<{ doctorId: string; start: string }> };

describeEachDb('slots: the earliest free time across doctors', (t) => {
  it('limit with order=time answers the earliest free times of every doctor offering the service', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const second = await addDoctor(t(), b.c);
    expect(
      (await call(t(), b.owner, 'PUT', `${b.base}/doctors/${second.id}/services/${b.serviceId}`, {}))
        .statusCode,
    ).toBe(200);
    const url = (q: string) => `${b.base}/services/${b.serviceId}/slots?from=${b.date}&to=${b.date}&${q}`;
    const earliest = async (q: string) => (await call(t(), b.sec, 'GET', url(q))).json() as Slots;

    // The second doctor has no hours yet: the first doctor's 08:00, then (once taken) 08:30.
    expect((await earliest('order=time&limit=1')).slots).toEqual([
      expect.objectContaining({ doctorId: b.c.doctor.id, start: b.at('08:00') }),
    ]);
    expect((await book(t(), b, b.sec, b.at('08:00'))).statusCode).toBe(201);
    expect((await earliest('order=time&limit=1')).slots[0]).toMatchObject({ start: b.at('08:30') });

    // Hours for the second doctor from 08:00: now they are the earliest, and a few more name both.
    const hours = await call(t(), b.sec, 'PUT', `${b.base}/doctors/${second.id}/work-hours`, {
      rules: everyDay(),
    });
    expect(hours.statusCode).toBe(200);
    expect((await earliest('order=time&limit=1')).slots[0]).toMatchObject({
      doctorId: second.id,
      start: b.at('08:00'),
    });
    const few = (await earliest('order=time&limit=4')).slots;
    expect(few).toHaveLength(4);
    expect(new Set(few.map((s) => s.doctorId))).toEqual(new Set([b.c.doctor.id, second.id]));
    expect(few.map((s) => s.start)).toEqual([...few.map((s) => s.start)].sort());

    // Nonsense limits are a 400 with a stable code, never a 500.
    for (const bad of ['limit=0', 'limit=501', 'limit=abc', 'limit=1.5']) {
      const res = await call(t(), b.sec, 'GET', url(bad));
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code, bad).toBe('validation_failed');
    }
  });
});
