import { expect, it } from 'vitest';
import { createTestClinic, describeEachDb, login, type TestApp } from '../../test/harness.ts';

async function auditActions(
  t: TestApp,
  clinicId: string,
): Promise<Array<{ action: string; entity_id: string | null; actor_user_id: string | null }>> {
  return t.db.owner
    .selectFrom('audit_events')
    .select(['action', 'entity_id', 'actor_user_id'])
    .where('clinic_id', '=', clinicId)
    .orderBy('seq')
    .execute();
}

describeEachDb('patients', (t) => {
  it('the front desk registers a patient with a name and phone, finds them, and every read is audited', async () => {
    const c = await createTestClinic(t());
    const sec = await login(t(), c.secretary);
    const base = `/api/v1/clinics/${c.id}/patients`;
    const created = await t().app.inject({
      method: 'POST',
      url: base,
      headers: sec.auth,
      payload: { fullName: 'Layla Haddad', phone: '+1 (555) 201-0001', birthDate: '1990-04-12' },
    });
    expect(created.statusCode).toBe(201);
    const patient = created.json();
    expect(patient).toMatchObject({
      fullName: 'Layla Haddad',
      phone: '+15552010001',
      birthDate: '1990-04-12',
    });

    const again = await t().app.inject({
      method: 'POST',
      url: base,
      headers: sec.auth,
      payload: { fullName: 'L. Haddad', phone: '+15552010001' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'patient_exists', patientId: patient.id });

    const found = await t().app.inject({ method: 'GET', url: `${base}?q=hadd`, headers: sec.auth });
    expect(found.json().items.map((p: { id: string }) => p.id)).toEqual([patient.id]);
    const byPhone = await t().app.inject({ method: 'GET', url: `${base}?q=201-0001`, headers: sec.auth });
    expect(byPhone.json().items).toHaveLength(1);

    const read = await t().app.inject({ method: 'GET', url: `${base}/${patient.id}`, headers: sec.auth });
    expect(read.statusCode).toBe(200);
    const actions = await auditActions(t(), c.id);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['patient.created', 'patient.searched', 'patient.read']),
    );
    expect(actions.find((a) => a.action === 'patient.read')).toMatchObject({
      entity_id: patient.id,
      actor_user_id: c.secretary.id,
    });
  });

  it('the registered phone signs in by OTP as that patient, in that clinic', async () => {
    const c = await createTestClinic(t());
    const sec = await login(t(), c.secretary);
    const phone = `+1555301${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
    const created = await t().app.inject({
      method: 'POST',
      url: `/api/v1/clinics/${c.id}/patients`,
      headers: sec.auth,
      payload: { fullName: 'Omar', phone },
    });
    expect(created.statusCode).toBe(201);
    await t().app.inject({ method: 'POST', url: '/api/v1/auth/otp/request', payload: { phone } });
    const { lastSmsTo, otpFrom } = await import('../../test/harness.ts');
    const code = otpFrom(await lastSmsTo(t(), phone));
    const verified = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp/verify',
      payload: { phone, code },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user.id).toBe(created.json().id);
    const me = await t().app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${verified.json().token}` },
    });
    expect(me.json().memberships).toEqual([expect.objectContaining({ clinicId: c.id, role: 'patient' })]);
  });

  it('patients cannot list or read other patients; another clinic gets 404; edits are audited by field', async () => {
    const c = await createTestClinic(t());
    const other = await createTestClinic(t());
    const doc = await login(t(), c.doctor);
    const created = await t().app.inject({
      method: 'POST',
      url: `/api/v1/clinics/${c.id}/patients`,
      headers: doc.auth,
      payload: {
        fullName: 'Sam',
        phone: `+1555402${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`,
      },
    });
    const id = created.json().id as string;

    const patient = await login(t(), c.patient);
    for (const url of [`/api/v1/clinics/${c.id}/patients`, `/api/v1/clinics/${c.id}/patients/${id}`]) {
      const res = await t().app.inject({ method: 'GET', url, headers: patient.auth });
      expect(res.statusCode, url).toBe(403);
    }
    const outsider = await login(t(), other.owner);
    const res = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${c.id}/patients/${id}`,
      headers: outsider.auth,
    });
    expect(res.statusCode).toBe(404);
    // The outsider's own clinic does not have this patient either.
    const cross = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${other.id}/patients/${id}`,
      headers: outsider.auth,
    });
    expect(cross.statusCode).toBe(404);

    const patched = await t().app.inject({
      method: 'PATCH',
      url: `/api/v1/clinics/${c.id}/patients/${id}`,
      headers: doc.auth,
      payload: { notes: 'Allergic to penicillin', sex: 'male' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ notes: 'Allergic to penicillin', sex: 'male' });
    const actions = await auditActions(t(), c.id);
    const update = await t()
      .db.owner.selectFrom('audit_events')
      .select('data')
      .where('clinic_id', '=', c.id)
      .where('action', '=', 'patient.updated')
      .executeTakeFirstOrThrow();
    expect(update.data).toEqual({ fields: ['notes', 'sex'] });
    expect(actions.some((a) => a.action === 'patient.updated')).toBe(true);
  });

  it('rejects bad input with the field named, and pages through results', async () => {
    const c = await createTestClinic(t());
    const sec = await login(t(), c.secretary);
    const base = `/api/v1/clinics/${c.id}/patients`;
    const badPhone = await t().app.inject({
      method: 'POST',
      url: base,
      headers: sec.auth,
      payload: { fullName: 'X', phone: '12' },
    });
    expect(badPhone.statusCode).toBe(400);
    const badDate = await t().app.inject({
      method: 'POST',
      url: base,
      headers: sec.auth,
      payload: { fullName: 'X', phone: '+15555550199', birthDate: '2999-01-01' },
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('birthDate');
    const badCursor = await t().app.inject({ method: 'GET', url: `${base}?cursor=zzz`, headers: sec.auth });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().code).toBe('invalid_cursor');

    const suffix = String(Math.floor(Math.random() * 1e3)).padStart(3, '0');
    for (const [i, name] of ['Ann', 'Bob', 'Cy', 'Dee', 'Eve'].entries()) {
      const r = await t().app.inject({
        method: 'POST',
        url: base,
        headers: sec.auth,
        payload: { fullName: name, phone: `+1555${suffix}${String(i).padStart(4, '0')}` },
      });
      expect(r.statusCode).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        statusCode: number;
        json: () => { items: Array<{ fullName: string }>; nextCursor: string | null };
      } = await t().app.inject({
        method: 'GET',
        url: `${base}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: sec.auth,
      });
      const body = page.json();
      seen.push(...body.items.map((p) => p.fullName));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Ann', 'Bob', 'Cy', 'Dee', 'Eve']);
  });
});
