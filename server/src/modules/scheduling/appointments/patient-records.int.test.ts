import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import {
  createTestClinic,
  describeEachDb,
  lastSmsTo,
  otpFrom,
  type Signed,
  type TestApp,
} from '../../../test/harness.ts';
import { book, bookingClinic } from '../test-fixture.ts';

/** Signs the person with this phone in by OTP, as a patient does. */
async function signInByOtp(t: TestApp, phone: string): Promise<Signed> {
  const asked = await call(t, null, 'POST', '/auth/otp/request', { phone });
  expect(asked.statusCode).toBeLessThan(300);
  const code = otpFrom(await lastSmsTo(t, phone));
  const res = await call(t, null, 'POST', '/auth/otp/verify', { phone, code });
  expect(res.statusCode).toBe(200);
  return { auth: { authorization: `Bearer ${res.json().token}` } } as Signed;
}

describeEachDb('appointments name the clinic’s own patient record', (t) => {
  it('one person in two clinics: a record id per clinic, and their own visits in both after an OTP sign-in', async () => {
    const a = await bookingClinic(t(), await createTestClinic(t()));
    const b = await bookingClinic(t(), await createTestClinic(t()));
    // Clinic B registers the phone clinic A has (A's test patient).
    const inB = await call(t(), b.sec, 'POST', `${b.base}/patients`, {
      fullName: 'Pat in B',
      phone: a.c.patient.phone,
    });
    expect(inB.statusCode).toBe(201);
    const idB = inB.json().id as string;
    expect(idB).not.toBe(a.patientId);
    expect(idB).not.toBe(a.c.patient.id);

    // A's record id (and the person's user id) book nothing in B; B's books in B.
    for (const patientId of [a.patientId, a.c.patient.id]) {
      const res = await book(t(), { ...b, patientId }, b.sec, b.at('09:00'));
      expect(res.statusCode, patientId).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    const visitA = await book(t(), a, a.sec, a.at('10:00'));
    const visitB = await book(t(), { ...b, patientId: idB }, b.sec, b.at('11:00'));
    expect([visitA.statusCode, visitB.statusCode]).toEqual([201, 201]);
    expect(visitA.json().patientId).toBe(a.patientId);
    expect(visitB.json()).toMatchObject({ patientId: idB, patientName: 'Pat in B' });
    // Quick-create by phone in B finds B's record, not A's.
    const quick = await book(t(), b, b.sec, b.at('12:00'), {
      patientId: undefined,
      patient: { fullName: 'Whoever', phone: a.c.patient.phone },
    });
    expect(quick.json().patientId).toBe(idB);

    // The person signs in by OTP and sees, in each clinic, that clinic's visits of theirs.
    const me = await signInByOtp(t(), a.c.patient.phone);
    const mine = async (base: string) =>
      (await call(t(), me, 'GET', `${base}/me/appointments`)).json().items.map((x: { id: string }) => x.id);
    expect(await mine(a.base)).toEqual([visitA.json().id]);
    expect((await mine(b.base)).sort()).toEqual([visitB.json().id, quick.json().id].sort());
    // No answer of B's shows A's record id or the person's user id.
    const list = await call(
      t(),
      b.sec,
      'GET',
      `${b.base}/appointments?from=${b.at('00:00')}&to=${b.at('23:59')}`,
    );
    expect(list.body).not.toContain(a.patientId);
    expect(list.body).not.toContain(a.c.patient.id);
  });
});
