import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { withClinic } from '../../platform/db/tenancy.ts';
import { acceptEmailed } from '../../test/accounts.ts';
import { uniqueEmail } from '../../test/api.ts';
import {
  createTestClinic,
  describeEachDb,
  login,
  type Signed,
  type TestApp,
  type TestClinic,
} from '../../test/harness.ts';

interface Event {
  seq: number;
  action: string;
  actorUserId: string | null;
  entityType: string;
  entityId: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

async function auditOf(t: TestApp, who: Signed, clinicId: string, query = '') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/clinics/${clinicId}/audit${query ? `?${query}` : ''}`,
    headers: who.auth,
  });
  return res;
}

async function verify(t: TestApp, who: Signed, clinicId: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/clinics/${clinicId}/audit/verify`,
    headers: who.auth,
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { ok: boolean; checked: number; firstBrokenSeq: number | null; reason: string | null };
}

/**
 * A clinic with some history: a doctor invited who accepts (and is added), a secretary invited,
 * the first doctor removed.
 */
async function clinicWithHistory(
  t: TestApp,
): Promise<{ clinic: TestClinic; owner: Signed; newDoctorId: string }> {
  const clinic = await createTestClinic(t);
  const owner = await login(t, clinic.owner);
  const staff = `/api/v1/clinics/${clinic.id}/staff`;
  t.clock.advance(60_000);
  const doctorEmail = uniqueEmail('d');
  await t.app.inject({
    method: 'POST',
    url: staff,
    headers: owner.auth,
    payload: { email: doctorEmail, name: 'New Doctor', role: 'doctor' },
  });
  const accepted = await acceptEmailed(t, doctorEmail, 'plum orchard lantern 42');
  t.clock.advance(60_000);
  await t.app.inject({
    method: 'POST',
    url: staff,
    headers: owner.auth,
    payload: { email: uniqueEmail('s'), name: 'New Secretary', role: 'secretary' },
  });
  t.clock.advance(60_000);
  await t.app.inject({ method: 'DELETE', url: `${staff}/${clinic.doctor.id}`, headers: owner.auth });
  return { clinic, owner, newDoctorId: accepted.json().user.id };
}

describeEachDb('owner: audit log', (t) => {
  it('lists the clinic’s events newest first, filtered by action, actor, entity and time', async () => {
    const { clinic, owner, newDoctorId } = await clinicWithHistory(t());
    const all = await auditOf(t(), owner, clinic.id);
    expect(all.statusCode).toBe(200);
    const events = all.json().items as Event[];
    expect(events.map((e) => e.action)).toEqual([
      'staff.removed',
      'staff.invited',
      'staff.added',
      'invitation.accepted',
      'staff.invited',
      'clinic.created',
    ]);
    expect(events.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);

    const byAction = (await auditOf(t(), owner, clinic.id, 'action=staff.added')).json().items as Event[];
    expect(byAction.map((e) => e.entityId)).toEqual([newDoctorId]);

    const byActor = (await auditOf(t(), owner, clinic.id, `actorUserId=${clinic.owner.id}`)).json()
      .items as Event[];
    expect(byActor.map((e) => e.action)).toEqual(['staff.removed', 'staff.invited', 'staff.invited']);

    const byEntity = (
      await auditOf(t(), owner, clinic.id, `entityType=user&entityId=${clinic.doctor.id}`)
    ).json().items as Event[];
    expect(byEntity).toEqual([
      expect.objectContaining({ action: 'staff.removed', data: { roles: ['doctor'] } }),
    ]);

    const invited = events[1]!;
    const window = (
      await auditOf(
        t(),
        owner,
        clinic.id,
        `from=${encodeURIComponent(invited.occurredAt)}&to=${encodeURIComponent(events[0]!.occurredAt)}`,
      )
    ).json().items as Event[];
    expect(window.map((e) => e.action)).toEqual(['staff.invited']);

    const none = (await auditOf(t(), owner, clinic.id, 'action=patient.read')).json();
    expect(none).toEqual({ items: [], nextCursor: null });
  });

  it('pages through the log with a cursor, without gaps or repeats', async () => {
    const { clinic, owner } = await clinicWithHistory(t());
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await auditOf(t(), owner, clinic.id, `limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const page = res.json() as { items: Event[]; nextCursor: string | null };
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('rejects bad filters with 400 naming the field', async () => {
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    for (const [query, field] of [
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01T00:00:00Z', 'to'],
      ['cursor=abc', 'cursor'],
      ['actorUserId=me', 'actorUserId'],
    ] as const) {
      const res = await auditOf(t(), owner, clinic.id, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('is for owners only: doctors, secretaries and patients get 403, other clinics 404', async () => {
    const clinic = await createTestClinic(t());
    const other = await createTestClinic(t());
    for (const role of ['doctor', 'secretary', 'patient'] as const) {
      const s = await login(t(), clinic[role]);
      expect((await auditOf(t(), s, clinic.id)).statusCode).toBe(403);
      const v = await t().app.inject({
        method: 'GET',
        url: `/api/v1/clinics/${clinic.id}/audit/verify`,
        headers: s.auth,
      });
      expect(v.statusCode).toBe(403);
    }
    const stranger = await login(t(), other.owner);
    expect((await auditOf(t(), stranger, clinic.id)).statusCode).toBe(404);
    // Their own log shows only their own clinic.
    const own = (await auditOf(t(), stranger, other.id)).json().items as Event[];
    expect(own.map((e) => e.entityId)).toEqual([other.id]);
  });

  it('verifies an intact chain, and finds the exact event a database owner tampered with', async () => {
    const { clinic, owner } = await clinicWithHistory(t());
    expect(await verify(t(), owner, clinic.id)).toEqual({
      ok: true,
      checked: 6,
      firstBrokenSeq: null,
      reason: null,
    });

    // The database owner switches the guard off for a moment and rewrites history…
    await t()
      .db.owner.transaction()
      .execute(async (trx) => {
        await sql`alter table audit_events disable trigger audit_events_no_update`.execute(trx);
        await sql`update audit_events set data = ${JSON.stringify({ role: 'secretary', email: 'x@y.z' })}::jsonb
            where clinic_id = ${clinic.id} and seq = 2`.execute(trx);
        await sql`alter table audit_events enable trigger audit_events_no_update`.execute(trx);
      });
    // …and the verification notices, pointing at that event.
    const verdict = await verify(t(), owner, clinic.id);
    expect(verdict).toMatchObject({ ok: false, firstBrokenSeq: 2, checked: 1 });
    expect(verdict.reason).toMatch(/hash/);
  });

  it('notices events removed from the end of the chain', async () => {
    const { clinic, owner } = await clinicWithHistory(t());
    await t()
      .db.owner.transaction()
      .execute(async (trx) => {
        await sql`alter table audit_events disable trigger audit_events_no_update`.execute(trx);
        await sql`delete from audit_events where clinic_id = ${clinic.id} and seq = 6`.execute(trx);
        await sql`alter table audit_events enable trigger audit_events_no_update`.execute(trx);
      });
    expect(await verify(t(), owner, clinic.id)).toMatchObject({ ok: false, firstBrokenSeq: 6, checked: 5 });
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE, even from its owner', async () => {
    const clinic = await createTestClinic(t());
    const owner = t().db.owner;
    await expect(
      sql`update audit_events set action = 'nothing' where clinic_id = ${clinic.id}`.execute(owner),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where clinic_id = ${clinic.id}`.execute(owner)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      owner.transaction().execute(async (trx) => {
        // In a transaction so that, if the guard ever failed, nothing would be lost for real.
        await sql`truncate audit_events`.execute(trx);
        throw new Error('truncate was allowed');
      }),
    ).rejects.toThrow(/append-only/);
    // The app's own role cannot even try.
    await expect(
      withClinic(t().db, clinic.id, { kind: 'system', userId: null }, async (tx) => {
        await sql`update audit_events set action = 'nothing'`.execute(tx.db);
      }),
    ).rejects.toThrow(/permission denied|append-only/);
    await expect(
      withClinic(t().db, clinic.id, { kind: 'system', userId: null }, async (tx) => {
        await sql`delete from audit_events`.execute(tx.db);
      }),
    ).rejects.toThrow(/permission denied|append-only/);
    const owner2 = await login(t(), clinic.owner);
    expect(await verify(t(), owner2, clinic.id)).toMatchObject({ ok: true, checked: 1 });
  });
});
