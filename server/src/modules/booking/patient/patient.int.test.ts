import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb, ownerDb } from '../../../test/harness.ts';
import { bookingClinic, hold } from '../test-fixture.ts';

describeEachDb('a signed-in patient books from the panel', (t) => {
  it('without a code: confirmed, or requested when the service needs approval; source patient', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    // The clinic knows the signed-in patient (registered by phone at the front desk).
    expect(
      (
        await call(t(), b.sec, 'POST', `${b.base}/patients`, {
          fullName: 'Pat Lee',
          phone: b.c.patient.phone,
        })
      ).statusCode,
    ).toBe(201);
    const url = `${b.base}/me/bookings`;
    const body = (hhmm: string) => ({
      slug: b.c.slug,
      serviceId: b.serviceId,
      doctorId: 'any',
      startsAt: b.at(hhmm),
    });
    const one = await call(t(), b.patient, 'POST', url, body('10:00'));
    expect(one.statusCode, one.body).toBe(201);
    expect(one.json().status).toBe('confirmed');
    expect((await call(t(), b.patient, 'POST', url, body('10:00'))).json().code).toBe('slot_taken');
    await call(t(), b.owner, 'PUT', `${b.base}/booking-settings/services/${b.serviceId}`, {
      requiresApproval: true,
    });
    const two = await call(t(), b.patient, 'POST', url, body('11:00'));
    expect(two.json().status).toBe('requested');
    const rows = await ownerDb(t().db)
      .selectFrom('appointments')
      .select('source')
      .where('clinic_id', '=', b.c.id)
      .execute();
    expect(rows.map((r) => r.source)).toEqual(['patient', 'patient']);
    // The patient's own list shows the request.
    const mine = await call(t(), b.patient, 'GET', `${b.base}/me/appointments?scope=upcoming`);
    expect(
      mine
        .json()
        .items.map((a: { status: string }) => a.status)
        .sort(),
    ).toEqual(['confirmed', 'requested']);
    // Another clinic's slug with this clinic's id is refused; a taken time from the site too.
    const other = await createTestClinic(t());
    expect((await call(t(), b.patient, 'POST', url, { ...body('12:00'), slug: other.slug })).statusCode).toBe(
      404,
    );
    expect((await hold(t(), b, '11:00')).statusCode).toBe(409);
  });
});
