import { expect, it } from 'vitest';
import { book, bookingClinic } from '../../modules/scheduling/test-fixture.ts';
import { adminSession, call, clinicBody, expectFieldProblem, uniqueEmail } from '../../test/api.ts';
import { createTestClinic, describeEachDb } from '../../test/harness.ts';

/** Issue 10 item 9: the string, sent to every family of routes that takes people's text. */
const HOSTILE = 'Bidi \u202egnp.exe\u0007';

const expectInvalidText = (res: { statusCode: number; json(): unknown }, field: string, what: string) =>
  expectFieldProblem(res, 'invalid_text', field, what);

describeEachDb('text hygiene', (t) => {
  it('refuses control and direction-override characters in every name, title, reason and note', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const p = `${b.base}/patients`;
    const sends: Array<[string, Promise<{ statusCode: number; json(): unknown }>, string]> = [
      ['patient name', call(t(), b.sec, 'POST', p, { fullName: HOSTILE, phone: '+15555550191' }), 'fullName'],
      [
        'patient notes',
        call(t(), b.sec, 'POST', p, { fullName: 'Ok Name', phone: '+15555550192', notes: HOSTILE }),
        'notes',
      ],
      ['patient rename', call(t(), b.sec, 'PATCH', `${p}/${b.patientId}`, { fullName: HOSTILE }), 'fullName'],
      ['patient search', call(t(), b.sec, 'GET', `${p}?q=${encodeURIComponent(HOSTILE)}`), 'q'],
      [
        'staff',
        call(t(), b.owner, 'POST', `${b.base}/staff`, {
          email: uniqueEmail(),
          name: HOSTILE,
          role: 'secretary',
        }),
        'name',
      ],
      [
        'service',
        call(t(), b.owner, 'POST', `${b.base}/services`, {
          name: HOSTILE,
          durationMin: 30,
          priceMinor: 0,
          mode: 'online',
        }),
        'name',
      ],
      [
        'service rename',
        call(t(), b.owner, 'PATCH', `${b.base}/services/${b.serviceId}`, { name: HOSTILE }),
        'name',
      ],
      ['room', call(t(), b.owner, 'POST', `${b.base}/rooms`, { name: HOSTILE }), 'name'],
      [
        'doctor specialty',
        call(t(), b.owner, 'PATCH', `${b.base}/doctors/${b.c.doctor.id}`, { specialty: HOSTILE }),
        'specialty',
      ],
      [
        'doctor bio',
        call(t(), b.owner, 'PATCH', `${b.base}/doctors/${b.c.doctor.id}`, { bio: HOSTILE }),
        'bio',
      ],
      [
        'doctor languages',
        call(t(), b.owner, 'PATCH', `${b.base}/doctors/${b.c.doctor.id}`, { languages: ['en', HOSTILE] }),
        'languages.1',
      ],
      ['appointment notes', book(t(), b, b.sec, b.at('09:00'), { notes: HOSTILE }), 'notes'],
      [
        'quick-created patient',
        book(t(), b, b.sec, b.at('10:00'), {
          patientId: undefined,
          patient: { fullName: HOSTILE, phone: '+15555550193' },
        }),
        'patient.fullName',
      ],
      [
        'exception note',
        call(t(), b.sec, 'POST', `${b.base}/schedule-exceptions`, {
          kind: 'closure',
          fromDate: b.date,
          toDate: b.date,
          note: HOSTILE,
        }),
        'note',
      ],
    ];
    for (const [what, res, field] of sends) expectInvalidText(await res, field, what);

    // Nothing of it was stored.
    const patients = (await call(t(), b.sec, 'GET', p)).json().items as Array<{ fullName: string }>;
    expect(patients.map((x) => x.fullName)).toEqual(['Pat Lee']);
    const appointments = await call(t(), b.sec, 'GET', `${b.base}/appointments?doctorId=${b.c.doctor.id}`);
    expect(appointments.json().items).toEqual([]);

    const a = await book(t(), b, b.sec, b.at('11:00'));
    expect(a.statusCode).toBe(201);
    const cancel = await call(t(), b.sec, 'POST', `${b.base}/appointments/${a.json().id}/cancel`, {
      reason: HOSTILE,
    });
    expectInvalidText(cancel, 'reason', 'cancel reason');
    const admin = await adminSession(t());
    expectInvalidText(
      await call(t(), admin, 'POST', '/admin/clinics', clinicBody({ name: HOSTILE })),
      'name',
      'clinic',
    );
    const owner = { email: uniqueEmail('owner'), name: HOSTILE, password: 'owner-password-1' };
    expectInvalidText(
      await call(t(), admin, 'POST', '/admin/clinics', clinicBody({ owner })),
      'owner.name',
      'owner',
    );
    const suspend = await call(t(), admin, 'POST', `/admin/clinics/${b.c.id}/suspend`, { reason: HOSTILE });
    expectInvalidText(suspend, 'reason', 'suspension reason');
  });

  it('normalises to NFC, trims single lines, keeps a note’s lines, and accepts Arabic and Persian joiners and marks', async () => {
    const c = await createTestClinic(t());
    const b = await bookingClinic(t(), c);
    const decomposed = 'Rene\u0301e  Lefe\u0300vre ';
    const created = await call(t(), b.sec, 'POST', `${b.base}/patients`, {
      fullName: `  ${decomposed}`,
      phone: '+15555550194',
      notes: 'Allergies:\r\n- penicillin\r\n\tsince 2019',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      fullName: 'Ren\u00e9e  Lef\u00e8vre',
      notes: 'Allergies:\n- penicillin\n\tsince 2019',
    });
    // A search typed decomposed finds the composed name.
    const found = await call(t(), b.sec, 'GET', `${b.base}/patients?q=${encodeURIComponent('Rene\u0301e')}`);
    expect(found.json().items.map((x: { id: string }) => x.id)).toEqual([created.json().id]);

    // Persian with a ZWNJ (می‌خواهم style), Arabic with an RLM before Latin digits, an emoji ZWJ sequence.
    const arabic = 'محمد\u200cرضا \u200fعلي 12';
    const persian = await call(t(), b.sec, 'POST', `${b.base}/patients`, {
      fullName: arabic,
      phone: '+15555550195',
      notes: 'زائر \u200e(EN)\u200f 👩\u200d⚕️',
    });
    expect(persian.statusCode).toBe(201);
    expect(persian.json()).toMatchObject({ fullName: arabic, notes: 'زائر \u200e(EN)\u200f 👩\u200d⚕️' });

    // A line break in a single-line field, and each kind of invisible character, is refused.
    for (const bad of [
      'Two\nLines',
      'Zero\u200bWidth',
      'B\ufeffOM',
      'Iso\u2067late\u2069',
      'C1\u0085',
      'Tab\there',
    ]) {
      const res = await call(t(), b.sec, 'PATCH', `${b.base}/patients/${created.json().id}`, {
        fullName: bad,
      });
      expectInvalidText(res, 'fullName', JSON.stringify(bad));
    }
    // Only whitespace is empty once trimmed.
    const blank = await call(t(), b.sec, 'PATCH', `${b.base}/patients/${created.json().id}`, {
      fullName: '   ',
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().code).toBe('validation_failed');
  });
});
