import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login } from '../../test/harness.ts';
import { addDoctor, book, bookingClinic } from './test-fixture.ts';

describeEachDb('appointments: who may do what, and bad input', (t) => {
  it('each role gets what it should: patients only their own, doctors their own agenda; other clinics 404', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const second = await addDoctor(t(), b.c);
    await call(t(), b.owner, 'PUT', `${b.base}/doctors/${second.id}/services/${b.serviceId}`, {});
    const mine = (await book(t(), b, b.sec, b.at('09:00'))).json();
    const other = (
      await book(t(), b, b.sec, b.at('09:00'), {
        doctorId: second.id,
        patientId: undefined,
        patient: { fullName: 'Someone Else', phone: '+15557770001' },
      })
    ).json();
    const range = `from=${b.at('00:00')}&to=${b.at('23:59')}`;

    expect((await call(t(), b.patient, 'GET', `${b.base}/appointments?${range}`)).statusCode).toBe(403);
    expect((await call(t(), b.patient, 'GET', `${b.base}/appointments/${other.id}`)).statusCode).toBe(403);
    const own = await call(t(), b.patient, 'GET', `${b.base}/me/appointments`);
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    expect(JSON.stringify(own.json())).not.toContain('Someone Else');

    const docList = await call(t(), b.doc, 'GET', `${b.base}/appointments?${range}`);
    expect(docList.json().items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    expect(
      (await call(t(), b.doc, 'GET', `${b.base}/appointments?${range}&doctorId=${second.id}`)).statusCode,
    ).toBe(403);
    expect((await call(t(), b.doc, 'GET', `${b.base}/appointments/${other.id}`)).statusCode).toBe(403);
    expect(
      (await call(t(), b.doc, 'POST', `${b.base}/appointments/${other.id}/cancel`, { reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await call(t(), b.doc, 'PATCH', `${b.base}/doctors/${second.id}`, { bio: 'x' })).statusCode).toBe(
      403,
    );
    expect(
      (
        await call(t(), b.doc, 'PATCH', `${b.base}/doctors/${b.c.doctor.id}`, {
          bio: 'Hi',
          languages: ['en'],
        })
      ).json(),
    ).toMatchObject({ bio: 'Hi', languages: ['en'] });
    const secList = await call(t(), b.sec, 'GET', `${b.base}/appointments?${range}`);
    expect(secList.json().items).toHaveLength(2);

    const elsewhere = await createTestClinic(t());
    const outsider = await login(t(), elsewhere.owner);
    expect((await call(t(), outsider, 'GET', `${b.base}/appointments/${mine.id}`)).statusCode).toBe(404);
    const cross = await call(t(), outsider, 'GET', `/clinics/${elsewhere.id}/appointments/${mine.id}`);
    expect(cross.statusCode).toBe(404);
    const crossMove = await call(
      t(),
      outsider,
      'POST',
      `/clinics/${elsewhere.id}/appointments/${mine.id}/cancel`,
      { reason: 'x' },
    );
    expect(crossMove.statusCode).toBe(404);
    const crossBook = await call(t(), outsider, 'POST', `/clinics/${elsewhere.id}/appointments`, {
      doctorId: b.c.doctor.id,
      serviceId: b.serviceId,
      patientId: b.patientId,
      startsAt: b.at('12:00'),
    });
    expect(crossBook.statusCode).toBe(404);
  });

  it('malformed input is 400 problem+json, never 500', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const bad: Array<[string, string, unknown]> = [
      ['POST', `${b.base}/appointments`, { doctorId: 'x', serviceId: b.serviceId, startsAt: 'tomorrow' }],
      [
        'POST',
        `${b.base}/appointments`,
        { doctorId: b.c.doctor.id, serviceId: b.serviceId, startsAt: b.at('09:00') },
      ],
      [
        'POST',
        `${b.base}/appointments`,
        {
          doctorId: b.c.doctor.id,
          serviceId: b.serviceId,
          startsAt: b.at('09:00'),
          patientId: b.patientId,
          holdMinutes: 0,
        },
      ],
      ['GET', `${b.base}/services/${b.serviceId}/slots?from=2026-13-01&to=2026-13-02`, undefined],
      ['GET', `${b.base}/services/${b.serviceId}/slots?from=2026-01-01&to=2026-06-01`, undefined],
      ['GET', `${b.base}/appointments?from=yesterday&to=now`, undefined],
      [
        'PUT',
        `${b.base}/doctors/${b.c.doctor.id}/work-hours`,
        { rules: [{ weekday: 8, start: '9', end: '25:00', mode: 'x' }] },
      ],
      [
        'PUT',
        `${b.base}/doctors/${b.c.doctor.id}/work-hours`,
        { rules: [{ weekday: 1, start: '12:00', end: '09:00', mode: 'online' }] },
      ],
      ['POST', `${b.base}/services`, { name: 'x', durationMin: 1.5, priceMinor: -1, mode: 'in_person' }],
      [
        'POST',
        `${b.base}/services`,
        { name: 'x', durationMin: 30, priceMinor: 100, mode: 'online', requiresRoom: true },
      ],
      [
        'POST',
        `${b.base}/schedule-exceptions`,
        { kind: 'extra', doctorId: b.c.doctor.id, fromDate: b.date, toDate: b.date },
      ],
      ['POST', `${b.base}/appointments/not-a-uuid/cancel`, { reason: 'x' }],
      [
        'POST',
        `${b.base}/appointment-series`,
        {
          doctorId: b.c.doctor.id,
          serviceId: b.serviceId,
          patientId: b.patientId,
          startsAt: b.at('09:00'),
          count: 500,
        },
      ],
    ];
    for (const [method, url, body] of bad) {
      const res = await call(t(), b.owner, method as 'POST', url, body);
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // Two days ago: inside the accepted window (ten years back), but past.
    const twoDaysAgo = new Date(t().clock.now().getTime() - 2 * 86_400_000).toISOString();
    const past = await book(t(), b, b.sec, twoDaysAgo);
    expect(past.json().code).toBe('in_the_past');
    const unknown = await book(t(), b, b.sec, b.at('09:00'), { serviceId: crypto.randomUUID() });
    expect(unknown.statusCode).toBe(404);
  });
});
