import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb, login } from '../../../test/harness.ts';
import { addDoctor, book, bookingClinic } from '../test-fixture.ts';

type Usage = { since: string; items: Array<{ doctorId: string; serviceId: string; booked: number }> };

describeEachDb('service usage (the booking form’s default service)', (t) => {
  it('counts visits per doctor and service, cancellations in and lapsed holds out; a doctor sees their own', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const second = await addDoctor(t(), b.c);
    const checkUp = await call(t(), b.owner, 'POST', `${b.base}/services`, {
      name: 'Check-up',
      durationMin: 15,
      priceMinor: 2000,
      mode: 'in_person',
    });
    const checkUpId = checkUp.json().id as string;
    for (const [doctor, service] of [
      [b.c.doctor.id, checkUpId],
      [second.id, b.serviceId],
    ])
      expect(
        (await call(t(), b.owner, 'PUT', `${b.base}/doctors/${doctor}/services/${service}`, {})).statusCode,
      ).toBe(200);

    // The first doctor: two check-ups (one cancelled later) and one consultation; a hold that lapses.
    const one = await book(t(), b, b.sec, b.at('09:00'), { serviceId: checkUpId });
    expect(one.statusCode).toBe(201);
    expect((await book(t(), b, b.sec, b.at('10:00'), { serviceId: checkUpId })).statusCode).toBe(201);
    expect((await book(t(), b, b.sec, b.at('11:00'))).statusCode).toBe(201);
    const cancel = await call(t(), b.sec, 'POST', `${b.base}/appointments/${one.json().id}/cancel`, {
      reason: 'Booked by mistake',
    });
    expect(cancel.statusCode).toBe(200);
    expect((await book(t(), b, b.sec, b.at('12:00'), { holdMinutes: 5 })).statusCode).toBe(201);
    // The second doctor: one consultation.
    expect((await book(t(), b, b.sec, b.at('09:00'), { doctorId: second.id })).statusCode).toBe(201);

    // The hold lapses; a check-up booked over it marks it expired, and it no longer counts.
    t().clock.advance(10 * 60_000);
    try {
      expect((await book(t(), b, b.sec, b.at('12:00'), { serviceId: checkUpId })).statusCode).toBe(201);
    } finally {
      t().clock.advance(-10 * 60_000);
    }

    const sec = await call(t(), b.sec, 'GET', `${b.base}/services/usage`);
    expect(sec.statusCode).toBe(200);
    const usage = sec.json() as Usage;
    expect(Date.parse(usage.since)).toBeLessThan(t().clock.now().getTime());
    expect(usage.items).toHaveLength(3);
    expect(usage.items).toEqual(
      expect.arrayContaining([
        { doctorId: b.c.doctor.id, serviceId: checkUpId, booked: 3 },
        { doctorId: b.c.doctor.id, serviceId: b.serviceId, booked: 1 },
        { doctorId: second.id, serviceId: b.serviceId, booked: 1 },
      ]),
    );

    // A doctor is narrowed to their own counts; the owner sees all; a patient is refused.
    const doc = (await call(t(), b.doc, 'GET', `${b.base}/services/usage`)).json() as Usage;
    expect(doc.items.map((i) => i.doctorId)).toEqual([b.c.doctor.id, b.c.doctor.id]);
    expect((await call(t(), b.owner, 'GET', `${b.base}/services/usage`)).json().items).toHaveLength(3);
    expect((await call(t(), b.patient, 'GET', `${b.base}/services/usage`)).statusCode).toBe(403);

    // Another clinic's staff learn nothing: 404 on this clinic, and their own clinic has no counts.
    const elsewhere = await createTestClinic(t());
    const outsider = await login(t(), elsewhere.owner);
    const cross = await call(t(), outsider, 'GET', `${b.base}/services/usage`);
    expect(cross.statusCode).toBe(404);
    expect(cross.headers['content-type']).toContain('application/problem+json');
    expect(
      (await call(t(), outsider, 'GET', `/clinics/${elsewhere.id}/services/usage`)).json().items,
    ).toEqual([]);
  });
});
