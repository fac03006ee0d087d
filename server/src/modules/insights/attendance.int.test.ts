import { mondayOf } from '@cliniclick/time';
import { expect, it } from 'vitest';
import { newId } from '../../platform/db/ids.ts';
import { call } from '../../test/api.ts';
import { addDoctor, book, bookingClinic } from '../../test/booking-clinic.ts';
import { createTestClinic, describeEachDb, login, ownerDb, type Signed } from '../../test/harness.ts';

describeEachDb('no-show and reminder figures', (t) => {
  it('counts a seeded week exactly; reminder figures stay empty until reminders are sent, then count the answers', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const t0 = t().clock.now().getTime();
    const ids: Record<string, string> = {};
    for (const at of ['09:00', '10:00', '11:00', '12:00', '13:00']) {
      const r = await book(t(), b, b.sec, b.at(at));
      expect(r.statusCode, r.body).toBe(201);
      ids[at] = r.json().id;
    }
    const hold = await book(t(), b, b.sec, b.at('15:00'), { holdMinutes: 10 });
    let sec: Signed = b.sec;
    const act = (id: string | undefined, action: string, body: unknown = {}) =>
      call(t(), sec, 'POST', `${b.base}/appointments/${id}/${action}`, body);
    expect((await act(ids['12:00'], 'cancel', { reason: 'doctor away' })).statusCode).toBe(200);
    // A hold let go is not a cancellation.
    expect((await act(hold.json().id, 'cancel', { reason: 'changed mind' })).statusCode).toBe(200);
    t().clock.advance(8 * 24 * 3_600_000);
    // Sessions end over a week; sign in again.
    sec = await login(t(), b.c.secretary);
    const owner = await login(t(), b.c.owner);
    for (const step of ['check-in', 'start', 'complete']) {
      const r = await act(ids['09:00'], step);
      expect(r.statusCode, `${step} ${r.body}`).toBe(200);
    }
    expect((await act(ids['10:00'], 'no-show')).statusCode).toBe(200);
    expect((await act(ids['11:00'], 'no-show')).statusCode).toBe(200);

    const r = await call(t(), owner, 'GET', `${b.base}/insights/attendance`);
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    expect(report.confirmationsRecorded).toBe(false);
    expect(report.weeks).toHaveLength(12);
    const lead = (Date.parse(b.at('10:00')) - t0) / 3_600_000;
    const expected = {
      due: 3,
      attended: 1,
      noShows: 2,
      noShowRate: 0.667,
      cancelled: 1,
      cancelledByClinic: 1,
      cancelledByPatient: 0,
      confirmed: null,
      confirmationRate: null,
      medianLeadHours: Math.round(lead * 10) / 10,
    };
    expect(report.total).toMatchObject(expected);
    expect(report.weeks.find((w: { key: string }) => w.key === mondayOf(b.date))).toMatchObject(expected);
    expect(report.doctors).toEqual([expect.objectContaining({ key: b.c.doctor.id, ...expected })]);

    // Once the clinic sends reminders, the patients' answers ("I will come") are counted: the
    // 09:00 patient confirmed and came, the 10:00 one was sent a reminder and did not answer.
    const db = ownerDb(t().db);
    const now = t().clock.now();
    for (const at of ['09:00', '10:00']) {
      const outboxId = newId();
      await db
        .insertInto('outbox')
        .values({
          id: outboxId,
          channel: 'sms',
          recipient: '+15550000000',
          subject: null,
          body: 'Reminder',
          created_at: now,
          available_at: now,
          last_error: null,
          sent_at: now,
          failed_at: null,
        })
        .execute();
      await db
        .insertInto('appointment_messages')
        .values({
          clinic_id: b.c.id,
          outbox_id: outboxId,
          appointment_id: ids[at]!,
          kind: 'reminder',
          channel: 'sms',
          dedupe_key: `test:${at}`,
          created_at: now,
        })
        .execute();
    }
    await db
      .insertInto('appointment_notices')
      .values({ clinic_id: b.c.id, appointment_id: ids['09:00']!, lang: 'en', attendance_confirmed_at: now })
      .onConflict((oc) =>
        oc.columns(['clinic_id', 'appointment_id']).doUpdateSet({ attendance_confirmed_at: now }),
      )
      .execute();
    const after = (await call(t(), owner, 'GET', `${b.base}/insights/attendance`)).json();
    expect(after.confirmationsRecorded).toBe(true);
    expect(after.total).toMatchObject({ due: 3, noShows: 2, confirmed: 1, confirmationRate: 0.333 });
  });

  it('roles: the owner sees all, a doctor their own only, others nothing; bad input 400, other ids 404', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await createTestClinic(t());
    const second = await addDoctor(t(), b.c);
    const url = `${b.base}/insights/attendance`;
    expect((await call(t(), b.doc, 'GET', url)).statusCode).toBe(200);
    expect((await call(t(), b.doc, 'GET', `${url}?doctorId=${second.id}`)).statusCode).toBe(403);
    expect((await call(t(), b.sec, 'GET', url)).statusCode).toBe(403);
    expect((await call(t(), b.patient, 'GET', url)).statusCode).toBe(403);
    expect((await call(t(), null, 'GET', url)).statusCode).toBe(401);
    expect((await call(t(), b.owner, 'GET', `${url}?doctorId=${other.doctor.id}`)).statusCode).toBe(404);
    expect((await call(t(), b.owner, 'GET', `${url}?from=2026-02-30`)).statusCode).toBe(400);
    expect((await call(t(), b.owner, 'GET', `${url}?from=2020-01-01&to=2026-01-01`)).json().code).toBe(
      'range_too_long',
    );
    expect((await call(t(), b.owner, 'GET', `${url}?from=2026-02-01&to=2026-01-01`)).statusCode).toBe(400);
  });
});
