import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { AppDB } from '../../modules.ts';
import {
  createTestClinic,
  describeEachDb,
  sessionFor,
  type TestApp,
  type TestClinic,
} from '../../test/harness.ts';
import { verifyChain } from '../audit/audit.ts';
import { type Actor, systemActor } from './database.ts';
import { newId } from './ids.ts';
import { APP_ROLE } from './migrations/helpers.ts';
import { tablesOf } from './tables.ts';
import { withClinic, withGlobal } from './tenancy.ts';

const RLS_VIOLATION = /row-level security|row level security/i;

async function addInvitation(t: TestApp, clinic: TestClinic): Promise<string> {
  const id = newId();
  await withClinic(t.db, clinic.id, systemActor, async (tx) => {
    await all(tx)
      .insertInto('invitations')
      .values({
        clinic_id: clinic.id,
        id,
        email: `new-${id}@x.test`,
        name: 'New Doctor',
        role: 'doctor',
        token_hash: randomBytes(32),
        invited_by: clinic.owner.id,
        created_at: tx.now,
        expires_at: new Date(tx.now.getTime() + 86_400_000),
      })
      .execute();
  });
  return id;
}

/** Every string naming clinic `c` (ids, slug, users' ids and emails): none may appear in another clinic's answer. */
function fingerprints(c: TestClinic): string[] {
  return [
    c.id,
    c.slug,
    c.patient.phone,
    ...[c.owner, c.doctor, c.secretary, c.patient].flatMap((u) => [u.id, u.email]),
  ];
}

/** Every table of the app, platform and modules. */
const all = tablesOf<AppDB>();

describeEachDb('tenant isolation through withClinic and RLS', (t) => {
  it('a raw select inside withClinic(A) returns only A’s rows of every tenant table', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    await addInvitation(t(), a);
    await addInvitation(t(), b);
    const seen = await withClinic(t().db, a.id, systemActor, async (tx) => ({
      memberships: await all(tx).selectFrom('memberships').select('clinic_id').execute(),
      invitations: await all(tx).selectFrom('invitations').select('clinic_id').execute(),
      audit: await all(tx).selectFrom('audit_events').select('clinic_id').execute(),
      heads: await all(tx).selectFrom('audit_heads').select('clinic_id').execute(),
    }));
    expect(seen.memberships).toHaveLength(4);
    expect(seen.invitations).toHaveLength(1);
    expect(seen.audit.length).toBeGreaterThan(0);
    expect(seen.heads).toHaveLength(1);
    for (const rows of Object.values(seen)) for (const r of rows) expect(r.clinic_id).toBe(a.id);
  });

  it('a user who belongs to two clinics sees only the current clinic’s memberships inside withClinic', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    // A doctor of A also works at B.
    await withClinic(t().db, b.id, systemActor, (tx) =>
      all(tx)
        .insertInto('memberships')
        .values({ clinic_id: b.id, user_id: a.doctor.id, role: 'doctor', created_by: null })
        .execute(),
    );
    const actor: Actor = { kind: 'user', userId: a.doctor.id };
    const rows = await withClinic(t().db, a.id, actor, (tx) =>
      all(tx).selectFrom('memberships').select(['clinic_id', 'user_id']).execute(),
    );
    expect(rows.map((r) => r.clinic_id)).toEqual(Array(4).fill(a.id));
  });

  it('inside withClinic(A), writing a row for B is refused and B’s rows cannot be changed', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const bInvite = await addInvitation(t(), b);
    const inA = <T>(fn: Parameters<typeof withClinic<T>>[3]) => withClinic(t().db, a.id, systemActor, fn);

    await expect(
      inA((tx) =>
        all(tx)
          .insertInto('memberships')
          .values({ clinic_id: b.id, user_id: a.owner.id, role: 'owner', created_by: null })
          .execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);
    await expect(
      inA((tx) =>
        all(tx)
          .insertInto('invitations')
          .values({
            clinic_id: b.id,
            id: newId(),
            email: 'x@x.test',
            name: 'X',
            role: 'doctor',
            token_hash: randomBytes(32),
            invited_by: a.owner.id,
            created_at: tx.now,
            expires_at: tx.now,
          })
          .execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);
    await expect(
      inA((tx) =>
        all(tx)
          .insertInto('audit_events')
          .values({
            clinic_id: b.id,
            seq: 999_999,
            id: newId(),
            occurred_at: tx.now,
            actor_user_id: null,
            actor_kind: 'system',
            action: 'forged',
            entity_type: 'x',
            entity_id: null,
            data: '{}',
            request_id: null,
            ip: null,
            prev_hash: 'x',
            hash: 'x',
          })
          .execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);

    const changed = await inA(async (tx) => {
      const up = await all(tx)
        .updateTable('memberships')
        .set({ status: 'removed' })
        .where('clinic_id', '=', b.id)
        .executeTakeFirst();
      const upAll = await all(tx).updateTable('invitations').set({ name: 'Hijacked' }).executeTakeFirst();
      const del = await all(tx).deleteFrom('memberships').where('clinic_id', '=', b.id).executeTakeFirst();
      const head = await all(tx)
        .updateTable('audit_heads')
        .set({ seq: 0 })
        .where('clinic_id', '=', b.id)
        .executeTakeFirst();
      return [up.numUpdatedRows, upAll.numUpdatedRows, del.numDeletedRows, head.numUpdatedRows].map(Number);
    });
    expect(changed).toEqual([0, 0, 0, 0]);

    // Moving one of A's rows into B is refused by WITH CHECK.
    await expect(
      inA((tx) =>
        all(tx)
          .updateTable('memberships')
          .set({ clinic_id: b.id })
          .where('clinic_id', '=', a.id)
          .where('user_id', '=', a.patient.id)
          .execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);

    // B is untouched.
    const bRows = await withClinic(t().db, b.id, systemActor, async (tx) => ({
      members: await all(tx).selectFrom('memberships').select('status').execute(),
      invite: await all(tx)
        .selectFrom('invitations')
        .select('name')
        .where('id', '=', bInvite)
        .executeTakeFirst(),
    }));
    expect(bRows.members.map((m) => m.status)).toEqual(Array(4).fill('active'));
    expect(bRows.invite?.name).toBe('New Doctor');
  });

  it('withGlobal sees no tenant rows except the actor’s own memberships', async () => {
    const a = await createTestClinic(t());
    await addInvitation(t(), a);
    const seen = await withGlobal(t().db, { kind: 'user', userId: a.secretary.id }, async (tx) => ({
      memberships: await all(tx).selectFrom('memberships').select(['clinic_id', 'user_id']).execute(),
      invitations: await all(tx).selectFrom('invitations').select('id').execute(),
      audit: await all(tx).selectFrom('audit_events').select('seq').execute(),
      heads: await all(tx).selectFrom('audit_heads').select('seq').execute(),
    }));
    expect(seen.memberships).toEqual([{ clinic_id: a.id, user_id: a.secretary.id }]);
    expect(seen).toMatchObject({ invitations: [], audit: [], heads: [] });
  });

  it('a malformed or empty clinic id shows nothing and errors rather than widening', async () => {
    await createTestClinic(t());
    const none = await withClinic(t().db, '', systemActor, (tx) =>
      all(tx).selectFrom('memberships').select('clinic_id').execute(),
    );
    expect(none).toEqual([]);
    await expect(
      withClinic(t().db, "x' or true --", systemActor, (tx) =>
        all(tx).selectFrom('memberships').select('clinic_id').execute(),
      ),
    ).rejects.toThrow();
  });

  it('the role and clinic setting end with the transaction, also after a failure (pooled connections)', async () => {
    const a = await createTestClinic(t());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withClinic(t().db, a.id, systemActor, async () => {
          if (i % 2) throw new Error('boom');
        }).catch(() => {}),
      ),
    );
    const after = await Promise.all(
      Array.from({ length: 20 }, () =>
        withGlobal(t().db, systemActor, (tx) =>
          sql<{ clinic: string | null; role: string }>`
            select current_setting('app.clinic_id', true) as clinic, current_user as role`.execute(all(tx)),
        ),
      ),
    );
    for (const r of after) expect(r.rows[0]).toEqual({ clinic: expect.toSatisfy((v) => !v), role: APP_ROLE });
    const owner = await Promise.all(
      Array.from({ length: 10 }, () =>
        sql<{ clinic: string | null; role: string }>`
          select current_setting('app.clinic_id', true) as clinic, current_user as role`.execute(
          t().db.owner,
        ),
      ),
    );
    for (const r of owner) {
      expect(r.rows[0]?.role).not.toBe(APP_ROLE);
      expect(r.rows[0]?.clinic ?? '').toBe('');
    }
  });

  it('200 concurrent mixed requests from two clinics: every answer is right and unmixed', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const clinics = [a, b];
    const users = clinics.flatMap((c) =>
      (['owner', 'doctor', 'secretary', 'patient'] as const).map((role) => ({
        clinic: c,
        role,
        user: c[role],
      })),
    );
    const sessions = await Promise.all(users.map((u) => sessionFor(t(), u.user.id)));
    // Tenant reads any module has added: GET routes whose only parameter is the clinic.
    const tenantGets = t().routes.filter(
      (r) => r.method === 'GET' && r.access.kind === 'clinic' && r.url.match(/:\w+/g)?.join() === ':clinicId',
    );
    const other = (c: TestClinic) => (c === a ? b : a);

    const jobs = Array.from({ length: 200 }, (_, i) => async () => {
      const k = i % users.length;
      const u = users[k]!;
      const s = sessions[k]!;
      const kind = i % 4;
      if (kind === 0 || kind === 1 || tenantGets.length === 0) {
        const res = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: s.auth });
        expect(res.statusCode).toBe(200);
        const me = res.json() as { user: { id: string }; memberships: { clinicId: string; role: string }[] };
        expect(me.user.id).toBe(u.user.id);
        expect(me.memberships.map((m) => [m.clinicId, m.role])).toEqual([[u.clinic.id, u.role]]);
        for (const f of fingerprints(other(u.clinic))) expect(res.body).not.toContain(f);
      } else if (kind === 2) {
        const owner = sessions[users.findIndex((x) => x.clinic === u.clinic && x.role === 'owner')]!;
        const route = tenantGets[i % tenantGets.length]!;
        const url = route.url.replace(':clinicId', u.clinic.id);
        const res = await t().app.inject({ method: 'GET', url, headers: owner.auth });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        for (const f of fingerprints(other(u.clinic))) expect(res.body).not.toContain(f);
      } else {
        const rows = await withClinic(
          t().db,
          u.clinic.id,
          { kind: 'user', userId: u.user.id },
          async (tx) => {
            await tx.audit({ action: 'test.read', entityType: 'clinic', entityId: u.clinic.id });
            return all(tx).selectFrom('memberships').select(['clinic_id', 'user_id']).execute();
          },
        );
        expect(new Set(rows.map((r) => r.clinic_id))).toEqual(new Set([u.clinic.id]));
        expect(rows).toHaveLength(4);
      }
    });
    await Promise.all(jobs.map((j) => j()));
    for (const c of clinics) {
      const verdict = await withClinic(t().db, c.id, systemActor, (tx) => verifyChain(tx.db, c.id));
      expect(verdict.ok).toBe(true);
    }
  });

  it('concurrent read-increment-write transactions through withClinic lose no update', async () => {
    const a = await createTestClinic(t());
    const table = `zz_counter_${randomBytes(4).toString('hex')}`;
    await sql`create table ${sql.table(table)} (id int primary key, n int not null)`.execute(t().db.owner);
    try {
      await sql`grant select, insert, update on ${sql.table(table)} to ${sql.id(APP_ROLE)}`.execute(
        t().db.owner,
      );
      await sql`insert into ${sql.table(table)} values (1, 0)`.execute(t().db.owner);
      const N = 40;
      await Promise.all(
        Array.from({ length: N }, () =>
          withClinic(t().db, a.id, systemActor, async (tx) => {
            const { rows } = await sql<{ n: number }>`
              select n from ${sql.table(table)} where id = 1 for update`.execute(all(tx));
            await new Promise((r) => setTimeout(r, 1)); // let other requests run in between
            await sql`update ${sql.table(table)} set n = ${rows[0]!.n + 1} where id = 1`.execute(all(tx));
          }),
        ),
      );
      const { rows } = await sql<{ n: number }>`select n from ${sql.table(table)} where id = 1`.execute(
        t().db.owner,
      );
      expect(rows[0]?.n).toBe(N);
    } finally {
      await sql`drop table ${sql.table(table)}`.execute(t().db.owner);
    }
  });

  it('concurrent audit appends for two clinics give each a gapless chain that verifies', async () => {
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const N = 30;
    await Promise.all(
      Array.from({ length: 2 * N }, (_, i) => {
        const c = i % 2 ? a : b;
        return withClinic(t().db, c.id, systemActor, async (tx) => {
          await tx.audit({ action: 'test.append', entityType: 'probe', entityId: String(i), data: { i } });
        });
      }),
    );
    for (const c of [a, b]) {
      const seqs = await withClinic(t().db, c.id, systemActor, (tx) =>
        all(tx).selectFrom('audit_events').select('seq').orderBy('seq').execute(),
      );
      // createTestClinic wrote event 1.
      expect(seqs.map((s) => Number(s.seq))).toEqual(Array.from({ length: N + 1 }, (_, i) => i + 1));
      const verdict = await withClinic(t().db, c.id, systemActor, (tx) => verifyChain(tx.db, c.id));
      expect(verdict).toMatchObject({ ok: true, checked: N + 1 });
    }
  });
});
