import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, ownerDb } from '../../test/harness.ts';
import { book, bookingClinic, linkIn, messagesOf, postForm, reminderJobs, settle } from './test-fixture.ts';

const HOUR = 3_600_000;

describeEachDb('notices: self-service links', (t) => {
  it('a staff booking sends a confirmation with a link; the page shows the visit, the .ics, and cancels (audited as the patient)', async () => {
    t().clock.set('2026-12-01T12:00:00Z');
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    await settle(t(), b.c.id);
    const msgs = await messagesOf(t(), a.id);
    expect(msgs.map((m) => [m.kind, m.channel])).toEqual([['confirmed', 'sms']]);
    expect(msgs[0]?.recipient).toBe(b.c.patient.phone);
    expect(msgs[0]?.body).toContain('confirmed');
    expect(msgs[0]?.body).toContain('09:00');
    const link = linkIn(msgs[0]?.body ?? '');
    // Reminders are persisted jobs at 24 h (local day before) and 2 h before.
    const jobs = await reminderJobs(t(), b.c.id);
    expect(jobs.map((j) => new Date(j.run_at).toISOString())).toEqual([
      new Date(Date.parse(b.at('09:00')) - 24 * HOUR).toISOString(),
      new Date(Date.parse(b.at('09:00')) - 2 * HOUR).toISOString(),
    ]);

    const page = await t().app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Consultation');
    expect(page.body).toContain('data-status="confirmed"');
    const ar = await t().app.inject({ method: 'GET', url: `${link}?lang=ar` });
    expect(ar.body).toContain('dir="rtl"');
    expect(ar.body).toContain('زيارتك');

    const ics = await t().app.inject({ method: 'GET', url: `${link}/calendar.ics` });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain(`DTSTART:${b.at('09:00').replace(/[-:]/g, '').replace('.000', '')}`);

    // A cross-site form post is refused; our own page's post cancels.
    expect((await postForm(t(), `${link}/cancel`, {}, 'https://evil.example')).statusCode).toBe(403);
    const done = await postForm(t(), `${link}/cancel`, { reason: 'Feeling better' });
    expect(done.statusCode).toBe(200);
    const after = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}`)).json();
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'Feeling better' });
    const audit = await t()
      .db.owner.selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('clinic_id', '=', b.c.id)
      .where('entity_id', '=', a.id)
      .where('action', '=', 'appointment.cancelled')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(b.c.patient.id);
    await settle(t(), b.c.id);
    expect((await messagesOf(t(), a.id)).map((m) => m.kind).sort()).toEqual(['cancelled', 'confirmed']);
    // Its reminders do nothing now: move past them and run.
    t().clock.set(new Date(Date.parse(b.at('09:00')) - HOUR));
    await settle(t(), b.c.id);
    expect((await messagesOf(t(), a.id)).map((m) => m.kind).sort()).toEqual(['cancelled', 'confirmed']);
    // Staff see the history.
    const sec = await login(t(), b.c.secretary);
    const hist = await call(t(), sec, 'GET', `${b.base}/appointments/${a.id}/notices`);
    expect(hist.statusCode).toBe(200);
    expect(
      hist
        .json()
        .messages.map((m: { kind: string; status: string }) => `${m.kind}:${m.status}`)
        .sort(),
    ).toEqual(['cancelled:queued', 'confirmed:queued']);
  });

  it('forged, revoked, expired and other-clinic links are a plain 404; the window is enforced; two cancels make one', async () => {
    t().clock.set('2026-12-01T12:00:00Z');
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await createTestClinic(t());
    const a = (await book(t(), b, b.sec, b.at('10:00'))).json();
    await settle(t(), b.c.id);
    const link = linkIn((await messagesOf(t(), a.id))[0]?.body ?? '');
    const token = link.split('/').pop() ?? '';
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const url of [
      `/c/${b.c.slug}/visit/${forged}`,
      `/c/${b.c.slug}/visit/short`,
      `/c/${other.slug}/visit/${token}`,
      `/c/no-such-clinic/visit/${token}`,
    ]) {
      expect((await t().app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    expect((await postForm(t(), `/c/${other.slug}/visit/${token}/cancel`)).statusCode).toBe(404);

    // Confirming attendance is recorded, shown to staff, and marks nothing else.
    expect((await postForm(t(), `${link}/confirm`)).statusCode).toBe(303);
    const state = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}/notices`)).json();
    expect(state.attendanceConfirmedAt).toBe(t().clock.now().toISOString());

    // The patient panel: inside 24 h of the visit, too late (409 with a code); the link page says call.
    t().clock.set(new Date(Date.parse(b.at('10:00')) - 23 * HOUR));
    const patient = await login(t(), b.c.patient);
    const late = await call(t(), patient, 'POST', `${b.base}/me/appointments/${a.id}/cancel`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('outside_change_window');
    const latePage = await t().app.inject({ method: 'GET', url: link });
    expect(latePage.body).toContain('too late to change this visit online');
    expect(latePage.body).not.toContain('/cancel');
    expect((await postForm(t(), `${link}/cancel`)).statusCode).toBe(409);

    // Back in the window: two cancels at once make one cancel and one refusal.
    t().clock.set('2026-12-01T12:00:00Z');
    const patientNow = await login(t(), b.c.patient);
    const [x, y] = await Promise.all([
      call(t(), patientNow, 'POST', `${b.base}/me/appointments/${a.id}/cancel`, { reason: 'twice' }),
      postForm(t(), `${link}/cancel`),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const cancels = await t()
      .db.owner.selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', a.id)
      .where('action', '=', 'appointment.cancelled')
      .execute();
    expect(cancels).toHaveLength(1);

    // Another patient's appointment through the panel: 404. Staff revoke: the link is dead.
    const b2 = (await book(t(), b, b.sec, b.at('11:00'))).json();
    await settle(t(), b.c.id);
    const other2 = await login(t(), b.c.owner);
    expect(
      (await call(t(), other2, 'POST', `${b.base}/me/appointments/${b2.id}/cancel`, {})).statusCode,
    ).toBe(404);
    const link2 = linkIn((await messagesOf(t(), b2.id))[0]?.body ?? '');
    expect((await t().app.inject({ method: 'GET', url: link2 })).statusCode).toBe(200);
    const revoked = await call(t(), b.sec, 'POST', `${b.base}/appointments/${b2.id}/links/revoke`, {});
    expect(revoked.json()).toEqual({ revoked: 1 });
    expect((await t().app.inject({ method: 'GET', url: link2 })).statusCode).toBe(404);
    // A link ends a week after its visit.
    const b3 = (await book(t(), b, b.sec, b.at('12:00'))).json();
    await settle(t(), b.c.id);
    const link3 = linkIn((await messagesOf(t(), b3.id))[0]?.body ?? '');
    t().clock.set(new Date(Date.parse(b.at('12:30')) + 7 * 24 * HOUR - 60_000));
    expect((await t().app.inject({ method: 'GET', url: link3 })).statusCode).toBe(200);
    t().clock.set(new Date(Date.parse(b.at('12:30')) + 7 * 24 * HOUR + 60_000));
    expect((await t().app.inject({ method: 'GET', url: link3 })).statusCode).toBe(404);
    t().clock.set('2026-12-01T12:00:00Z');
    // A booking that fails (the time is taken) rolls back: no event, no message.
    const before = (
      await ownerDb(t().db)
        .selectFrom('appointment_messages')
        .select('outbox_id')
        .where('clinic_id', '=', b.c.id)
        .execute()
    ).length;
    const taken = await book(t(), b, b.sec, b.at('11:00'));
    expect(taken.statusCode).toBe(409);
    await settle(t(), b.c.id);
    expect(
      (
        await ownerDb(t().db)
          .selectFrom('appointment_messages')
          .select('outbox_id')
          .where('clinic_id', '=', b.c.id)
          .execute()
      ).length,
    ).toBe(before);
    // Staff of another clinic: their clinic's route does not see it.
    const otherSec = await login(t(), other.secretary);
    expect(
      (await call(t(), otherSec, 'GET', `/clinics/${other.id}/appointments/${b2.id}/notices`)).statusCode,
    ).toBe(404);
  });

  it('reschedules through the link to a free time of the same doctor; the new message carries a new link', async () => {
    t().clock.set('2026-12-01T12:00:00Z');
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    await settle(t(), b.c.id);
    const link = linkIn((await messagesOf(t(), a.id))[0]?.body ?? '');
    const options = await t().app.inject({ method: 'GET', url: `${link}/reschedule?day=${b.date}` });
    expect(options.statusCode).toBe(200);
    expect(options.body).toContain(`value="${b.at('09:30')}"`);
    const moved = await postForm(t(), `${link}/reschedule`, { startsAt: b.at('14:00') });
    expect(moved.statusCode).toBe(200);
    expect((await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}`)).json().startsAt).toBe(
      b.at('14:00'),
    );
    await settle(t(), b.c.id);
    const msgs = await messagesOf(t(), a.id);
    expect(msgs.map((m) => m.kind).sort()).toEqual(['confirmed', 'rescheduled']);
    const fresh = linkIn(msgs.find((m) => m.kind === 'rescheduled')?.body ?? '');
    expect(fresh).not.toBe(link);
    expect((await t().app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: fresh })).statusCode).toBe(200);
    // Reminders for both starts exist; only the new ones will send (the old re-read and stop).
    const jobs = await reminderJobs(t(), b.c.id);
    expect(jobs).toHaveLength(4);
    t().clock.set(new Date(Date.parse(b.at('14:00')) - HOUR));
    await settle(t(), b.c.id);
    const after = await messagesOf(t(), a.id);
    expect(after.map((m) => m.kind).sort()).toEqual(['confirmed', 'reminder', 'reminder', 'rescheduled']);
    expect(after.find((m) => m.kind === 'reminder')?.body).toContain('14:00');
  });
});
