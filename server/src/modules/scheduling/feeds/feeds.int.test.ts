import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb, login, ownerDb } from '../../../test/harness.ts';
import { book, bookingClinic } from '../test-fixture.ts';

describeEachDb('calendar feed', (t) => {
  it('serves the doctor’s appointments as iCalendar behind a revocable URL, with first names only', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const a = (
      await book(t(), b, b.sec, b.at('09:00'), {
        patientId: undefined,
        patient: { fullName: 'Layla Haddad-Smith', phone: '+15556660123' },
        notes: 'Allergic to penicillin',
      })
    ).json();
    const cancelled = (await book(t(), b, b.sec, b.at('10:00'))).json();
    await call(t(), b.sec, 'POST', `${b.base}/appointments/${cancelled.id}/cancel`, { reason: 'ill' });
    const feedUrl = `${b.base}/doctors/${b.c.doctor.id}/calendar-feed`;
    expect((await call(t(), b.doc, 'GET', feedUrl)).json()).toEqual({ active: false, createdAt: null });
    const issued = await call(t(), b.doc, 'POST', feedUrl);
    expect(issued.statusCode).toBe(200);
    const path = new URL(issued.json().url).pathname;
    expect(path).toMatch(/^\/api\/v1\/public\/calendar\/[0-9a-f-]{36}\.[\w-]{43}\.ics$/);

    const res = await t().app.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.body).toContain('\r\n');
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const byUid = new Map(events.map((e) => [e.uid, e]));
    const visit = byUid.get(`${a.id}@cliniclick`);
    expect(visit?.summary).toBe('Consultation – Layla');
    expect(visit?.startDate.toJSDate().toISOString()).toBe(b.at('09:00'));
    expect(visit?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(visit?.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(byUid.get(`${cancelled.id}@cliniclick`)?.component.getFirstPropertyValue('status')).toBe(
      'CANCELLED',
    );
    for (const secret of ['Haddad', '6660123', 'penicillin', 'Pat Lee'])
      expect(res.body).not.toContain(secret);

    // Only a hash is stored.
    const stored = await ownerDb(t().db)
      .selectFrom('calendar_feeds')
      .select('token_hash')
      .where('clinic_id', '=', b.c.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(path).not.toContain(stored[0]!.token_hash.toString('base64url'));

    const rotated = await call(t(), b.owner, 'POST', feedUrl);
    expect((await t().app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    const newPath = new URL(rotated.json().url).pathname;
    expect((await t().app.inject({ method: 'GET', url: newPath })).statusCode).toBe(200);
    expect((await call(t(), b.doc, 'DELETE', feedUrl)).statusCode).toBe(204);
    const gone = await t().app.inject({ method: 'GET', url: newPath });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('not_found');
    for (const junk of ['x', `${b.c.id}.short`, `${crypto.randomUUID()}.${'a'.repeat(43)}`, '%00']) {
      expect(
        (await t().app.inject({ method: 'GET', url: `/api/v1/public/calendar/${junk}` })).statusCode,
      ).toBe(404);
    }
  });

  it('a doctor manages only their own feed; secretaries and patients none', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await createTestClinic(t());
    const otherDoc = await login(t(), other.doctor);
    const url = `${b.base}/doctors/${b.c.doctor.id}/calendar-feed`;
    expect((await call(t(), b.sec, 'POST', url)).statusCode).toBe(403);
    expect((await call(t(), b.patient, 'POST', url)).statusCode).toBe(403);
    expect((await call(t(), otherDoc, 'POST', url)).statusCode).toBe(404);
    const ownerOnOther = await call(
      t(),
      b.owner,
      'POST',
      `${b.base}/doctors/${other.doctor.id}/calendar-feed`,
    );
    expect(ownerOnOther.statusCode).toBe(404);
  });
});
