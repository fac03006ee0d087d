import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MODULES } from '../../modules.ts';
import { call } from '../../test/api.ts';
import { createTestClinic, sessionFor, startTestApp, type TestApp } from '../../test/harness.ts';
import { Permissions } from '../access/permissions.ts';
import { tenantTable } from '../db/migrations/helpers.ts';
import { tablesOf } from '../db/tables.ts';
import { withClinic } from '../db/tenancy.ts';
import { clinicIdOf, clinicParams, problems } from '../http/route-kit.ts';
import { defineModule, type ModuleManifest } from './manifest.ts';
import { assembleMigrations } from './registry.ts';

/**
 * The module contract, shown by adding a module the platform has never heard of: its migration,
 * permission, routes, task, subscriber and write hook all work without a platform file knowing it.
 * PGlite only: the module's table must not stay behind in a shared PostgreSQL test database.
 */

interface NotesTables {
  test_notes: { clinic_id: string; id: number; body: string };
}
const notes = tablesOf<NotesTables>();

const seen = {
  writes: [] as string[],
  events: 0,
  jobs: [] as Array<{ payload: unknown; clinicId: string | null }>,
  scheduleRuns: 0,
  reactions: [] as Array<{ type: string; clinicId: string | null }>,
};

const notesModule = defineModule<NotesTables>({
  name: 'notes',
  migrations: {
    '9001_test_notes': {
      async up(db: Kysely<unknown>) {
        await sql`create table test_notes (
            clinic_id uuid not null references clinics(id),
            id int not null,
            body text not null,
            primary key (clinic_id, id)
          )`.execute(db);
        await tenantTable(db, 'test_notes');
      },
    },
  },
  permissions: { 'notes.write': ['secretary'] },
  routes(api, ctx) {
    ctx.onClinicWrite((clinicId) => seen.writes.push(clinicId));
    ctx.subscribe('notes', () => {
      seen.events++;
    });
    api.post(
      '/clinics/:clinicId/notes',
      {
        config: { access: { kind: 'clinic', permission: 'notes.write' } },
        schema: { params: clinicParams, body: z.object({ body: z.string() }), response: { ...problems } },
      },
      async (request, reply) => {
        const { body } = request.body as { body: string };
        const clinicId = clinicIdOf(request);
        await withClinic(ctx.db, clinicId, request.actor, async (tx) => {
          await notes(tx).insertInto('test_notes').values({ clinic_id: clinicId, id: 1, body }).execute();
          await tx.enqueue({ name: 'notes.count-words', payload: { body } });
          await tx.emit({ topic: 'notes', clinicId, type: 'note.added', data: {}, at: tx.now.toISOString() });
        });
        return reply.status(204).send();
      },
    );
  },
  pages(app) {
    app.get(
      '/notes-page',
      { config: { access: { kind: 'public' } }, schema: { hide: true } },
      async (_request, reply) => reply.type('text/html').send('<p>notes</p>'),
    );
  },
  reactions: [
    {
      name: 'notes.on-added',
      topic: 'notes',
      run: async (event, _ctx, job) => {
        seen.reactions.push({ type: event.type, clinicId: job.clinicId });
      },
    },
  ],
  jobs: [
    {
      name: 'notes.count-words',
      run: async (payload, _ctx, job) => {
        seen.jobs.push({ payload, clinicId: job.clinicId });
      },
    },
  ],
  schedules: [
    {
      name: 'notes.tick',
      every: 10,
      run: async () => {
        seen.scheduleRuns++;
      },
    },
  ],
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('a module added without touching the platform [pglite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { modules: [...MODULES, notesModule], runJobs: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gets its table (a tenant table), its permission, its route, its page, its hooks, its subscriber, its reaction, its job and its schedule', async () => {
    const c = await createTestClinic(t);
    const other = await createTestClinic(t);
    const secretary = await sessionFor(t, c.secretary.id);
    const doctor = await sessionFor(t, c.doctor.id);

    expect((await call(t, doctor, 'POST', `/clinics/${c.id}/notes`, { body: 'no' })).statusCode).toBe(403);
    expect((await call(t, secretary, 'POST', `/clinics/${other.id}/notes`, { body: 'no' })).statusCode).toBe(
      404,
    );
    expect((await call(t, secretary, 'POST', `/clinics/${c.id}/notes`, { body: 'hello' })).statusCode).toBe(
      204,
    );

    // Row-level security applies to the new table as to every other.
    const fromOther = await withClinic(t.db, other.id, { kind: 'system', userId: null }, (tx) =>
      notes(tx).selectFrom('test_notes').selectAll().execute(),
    );
    expect(fromOther).toEqual([]);
    const fromOwn = await withClinic(t.db, c.id, { kind: 'system', userId: null }, (tx) =>
      notes(tx).selectFrom('test_notes').select('body').execute(),
    );
    expect(fromOwn).toEqual([{ body: 'hello' }]);

    expect(seen.writes).toEqual([c.id]);
    // The event and the job ran right after the commit (no poll), the job as the clinic's.
    await until(() => seen.jobs.length > 0);
    expect(seen.jobs).toEqual([{ payload: { body: 'hello' }, clinicId: c.id }]);
    await until(() => seen.events > 0);
    expect(seen.events).toBe(1);
    await until(() => seen.reactions.length > 0);
    expect(seen.reactions).toEqual([{ type: 'note.added', clinicId: c.id }]);
    const page = await t.app.inject({ method: 'GET', url: '/notes-page' });
    expect([page.statusCode, page.body]).toEqual([200, '<p>notes</p>']);
    // The schedule fires once its period has passed on the app's clock.
    t.clock.advance(10);
    await until(() => seen.scheduleRuns > 0);
    expect(seen.scheduleRuns).toBeGreaterThan(0);
  });
});

describe('assembling manifests', () => {
  const m = (name: string, migrations: Record<string, { up: () => Promise<void> }>): ModuleManifest => ({
    name,
    migrations,
  });
  const up = async () => {};

  it('orders every migration by its global name and refuses clashes and unnamed steps', () => {
    const list = assembleMigrations({ '0001_base': { up } }, [
      m('b', { '0003_b': { up } }),
      m('a', { '0002_a': { up } }),
    ]);
    expect(Object.keys(list)).toEqual(['0001_base', '0002_a', '0003_b']);
    expect(() => assembleMigrations({ '0001_base': { up } }, [m('a', { '0001_base': { up } })])).toThrow(
      /defined by both the platform and module a/,
    );
    expect(() => assembleMigrations({}, [m('a', { 'add table': { up } })])).toThrow(/not named NNNN_intent/);
  });

  it('denies a permission nobody declares and refuses one declared twice', () => {
    const p = new Permissions([{ name: 'a', permissions: { 'a.read': ['owner', 'doctor'] } }]);
    expect(p.allows(['doctor'], 'a.read')).toBe(true);
    expect(p.allows(['patient'], 'a.read')).toBe(false);
    expect(p.allows(['owner'], 'b.read')).toBe(false);
    expect(p.hasClinic('b.read')).toBe(false);
    expect(
      () =>
        new Permissions([
          { name: 'a', permissions: { 'x.read': ['owner'] } },
          { name: 'b', permissions: { 'x.read': ['doctor'] } },
        ]),
    ).toThrow(/declared twice/);
  });

  it('stops the app at startup when a route names a permission no module declares', async () => {
    const typo = defineModule({
      name: 'typo',
      routes(api) {
        api.get(
          '/clinics/:clinicId/typo',
          { config: { access: { kind: 'clinic', permission: 'notes.wirte' } } },
          async () => ({}),
        );
      },
    });
    await expect(startTestApp('pglite', { modules: [...MODULES, typo] })).rejects.toThrow(
      /undeclared permission/,
    );
  });
});
