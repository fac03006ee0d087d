import { localToUtc } from '@cliniclick/time';
import { expect, it } from 'vitest';
import { createAppJobRunner } from '../../app.ts';
import { signSmsRequest } from '../../platform/notify/sms-transport.ts';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, ownerDb, TEST_SECRET } from '../../test/harness.ts';
import { sweepFailures } from './notify.ts';
import { smsStatusKey } from './staff-service.ts';
import { book, bookingClinic, deps, messagesOf, reminderJobs, settle } from './test-fixture.ts';

const KEY = smsStatusKey({ appSecret: TEST_SECRET } as Parameters<typeof smsStatusKey>[0]);

describeEachDb('notices: delivery', (t) => {
  const report = (body: object, opts: { key?: string; ts?: number } = {}) => {
    const raw = JSON.stringify(body);
    const ts = opts.ts ?? Math.floor(t().clock.now().getTime() / 1000);
    return t().app.inject({
      method: 'POST',
      url: '/api/v1/public/notify/sms-status',
      headers: {
        'content-type': 'application/json',
        'x-cliniclick-timestamp': String(ts),
        'x-cliniclick-signature': signSmsRequest(opts.key ?? KEY, ts, raw),
      },
      payload: raw,
    });
  };

  it('signed delivery reports mark delivered; bad signatures and stale ones are refused; a failed SMS falls back to email, then "call the patient"', async () => {
    t().clock.set('2026-12-01T12:00:00Z');
    const b = await bookingClinic(t(), await createTestClinic(t()));
    await ownerDb(t().db)
      .updateTable('patients')
      .set({ email: 'pat@example.test' })
      .where('clinic_id', '=', b.c.id)
      .where('id', '=', b.patientId)
      .execute();
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    await settle(t(), b.c.id);
    const [sms] = await messagesOf(t(), a.id);
    expect(sms?.channel).toBe('sms');
    const id = sms?.id ?? '';

    expect((await report({ id, status: 'delivered' }, { key: 'wrong-key-wrong-key' })).statusCode).toBe(401);
    const stale = Math.floor(t().clock.now().getTime() / 1000) - 3600;
    expect((await report({ id, status: 'delivered' }, { ts: stale })).statusCode).toBe(401);
    expect((await report({ id: 'nope', status: 'delivered' })).statusCode).toBe(400);
    const ok = await report({ id, status: 'failed', detail: 'unreachable handset' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ result: 'recorded' });
    expect((await report({ id, status: 'failed' })).json()).toEqual({ result: 'duplicate' });

    // The sweep sends the confirmation again by email, with a fresh link.
    await sweepFailures(deps(t()));
    await settle(t(), b.c.id);
    const msgs = await messagesOf(t(), a.id);
    const email = msgs.find((m) => m.channel === 'email');
    expect(email).toMatchObject({ kind: 'confirmed', recipient: 'pat@example.test', fallback_of: id });
    expect(email?.body).toContain('/visit/');

    // The email fails for good too: the appointment is flagged for a call, shown with the phone.
    await t()
      .db.owner.updateTable('outbox')
      .set({ failed_at: t().clock.now(), last_error: '550 no such user' })
      .where('id', '=', email?.id ?? '')
      .execute();
    await sweepFailures(deps(t()));
    await settle(t(), b.c.id);
    const range = `from=${encodeURIComponent(b.at('00:00'))}&to=${encodeURIComponent(b.at('23:59'))}`;
    const calls = await call(t(), b.sec, 'GET', `${b.base}/call-patients?${range}`);
    expect(calls.statusCode).toBe(200);
    expect(calls.json().items).toEqual([
      expect.objectContaining({ appointmentId: a.id, phone: b.c.patient.phone, patientName: 'Pat Lee' }),
    ]);
    const hist = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}/notices`)).json();
    expect(hist.callPatientSince).toBe(t().clock.now().toISOString());
    expect(
      hist.messages.map((m: { channel: string; status: string }) => `${m.channel}:${m.status}`).sort(),
    ).toEqual(['email:failed', 'sms:failed']);
    expect(
      (await call(t(), b.sec, 'POST', `${b.base}/appointments/${a.id}/call-flag/clear`, {})).statusCode,
    ).toBe(200);
    expect((await call(t(), b.sec, 'GET', `${b.base}/call-patients?${range}`)).json().items).toEqual([]);
    const other = await createTestClinic(t());
    const otherSec = await login(t(), other.secretary);
    expect(
      (await call(t(), otherSec, 'POST', `/clinics/${other.id}/appointments/${a.id}/call-flag/clear`, {}))
        .statusCode,
    ).toBe(404);
  });

  it('a day-before reminder across a DST change is due at the same local time; a restart between queueing and sending loses none and sends none twice', async () => {
    // Berlin moves to summer time at 02:00 on Sunday 2027-03-28: a visit at 09:00 that Sunday.
    t().clock.set('2027-03-21T10:00:00Z');
    const zone = 'Europe/Berlin';
    const b = await bookingClinic(t(), await createTestClinic(t(), { timeZone: zone }), zone);
    const startsAt = b.at('09:00', '2027-03-28');
    expect(startsAt).toBe('2027-03-28T07:00:00.000Z'); // 09:00 CEST
    const a = (await book(t(), b, b.sec, startsAt)).json();
    await settle(t(), b.c.id);
    const jobs = await reminderJobs(t(), b.c.id);
    const dayBefore = new Date(localToUtc(zone, Date.UTC(2027, 2, 27) / 86_400_000, 9 * 60)).toISOString();
    expect(dayBefore).toBe('2027-03-27T08:00:00.000Z'); // 09:00 CET: 23 real hours before
    expect(jobs.map((j) => new Date(j.run_at).toISOString())).toEqual([
      dayBefore,
      '2027-03-28T05:00:00.000Z',
    ]);

    // The app's runner stops (a restart); a new instance's runner picks the reminder up.
    await t().jobs.stop();
    const second = createAppJobRunner(deps(t()));
    const third = createAppJobRunner(deps(t()));
    t().clock.set('2027-03-27T07:59:00Z');
    await second.runDue();
    expect((await messagesOf(t(), a.id)).filter((m) => m.kind === 'reminder')).toHaveLength(0);
    t().clock.set('2027-03-27T08:00:30Z');
    // Two runners at once: one reminder.
    await Promise.all([second.runDue(), third.runDue()]);
    await Promise.all([second.runDue(), third.runDue()]);
    const reminders = (await messagesOf(t(), a.id)).filter((m) => m.kind === 'reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.body).toContain('09:00');
    await second.stop();
    await third.stop();
  });
});
