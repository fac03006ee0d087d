import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AppDB as DB } from '../../modules.ts';
import { changesAccess } from './access-watch.ts';

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const at = new Date();

describe('changesAccess', () => {
  it('counts writes that can take access away or grant it', () => {
    const writes = [
      db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', 'x'),
      db.updateTable('users').set({ status: 'disabled' }),
      db.updateTable('clinics').set({ status: 'suspended' }),
      db.updateTable('memberships').set({ status: 'removed' }),
      db.insertInto('memberships').values({ clinic_id: 'c', user_id: 'u', role: 'doctor', created_by: null }),
      db.deleteFrom('sessions'),
      db.updateTable('sessions as s').set({ expires_at: at }),
    ];
    for (const q of writes) expect(changesAccess(q.toOperationNode()), q.compile().sql).toBe(true);
    const hidden = [
      // a write inside a CTE
      db
        .with('gone', (w) => w.updateTable('memberships').set({ status: 'removed' }).returning('user_id'))
        .selectFrom('gone')
        .selectAll(),
      db
        .with('x', (w) => w.deleteFrom('sessions').returning('id'))
        .selectFrom('x')
        .selectAll(),
      // an upsert into sessions that revokes
      db
        .insertInto('sessions')
        .values({} as never)
        .onConflict((oc) => oc.column('id').doUpdateSet({ revoked_at: at })),
      // moving only the idle expiry (e.g. into the past) is not a touch
      db.updateTable('sessions').set({ idle_expires_at: at }),
      db
        .mergeInto('memberships')
        .using('users', 'users.id', 'memberships.user_id')
        .whenMatched()
        .thenDelete(),
    ];
    for (const q of hidden) expect(changesAccess(q.toOperationNode()), q.compile().sql).toBe(true);
    for (const raw of [
      sql`update public.memberships set status = 'removed'`,
      sql`update only memberships set status = 'removed'`,
      sql`update ${sql.table('memberships')} set status = 'removed'`,
      sql`delete from "public"."sessions"`,
    ]) {
      expect(changesAccess(raw.toOperationNode())).toBe(true);
    }
    expect(changesAccess(sql`update "memberships" set status = 'removed'`.toOperationNode())).toBe(true);
    expect(changesAccess(sql`DELETE FROM sessions WHERE id = ${'x'}`.toOperationNode())).toBe(true);
  });

  it('ignores reads, a session sliding its idle expiry, new sessions and other tables', () => {
    const harmless = [
      db.selectFrom('sessions').selectAll(),
      db.updateTable('sessions').set({ last_seen_at: at, idle_expires_at: at }),
      db.insertInto('sessions').values({
        id: 'x',
        user_id: 'u',
        token_hash: Buffer.alloc(32),
        method: 'password',
        created_at: at,
        last_seen_at: at,
        expires_at: at,
        idle_expires_at: at,
        ip: null,
        user_agent: null,
      }),
      db.updateTable('patients').set({ notes: 'x' }),
      db.insertInto('audit_events').values({} as never),
    ];
    for (const q of harmless) expect(changesAccess(q.toOperationNode()), q.compile().sql).toBe(false);
    expect(changesAccess(sql`select * from memberships`.toOperationNode())).toBe(false);
    expect(changesAccess(sql`insert into rate_limits values (1)`.toOperationNode())).toBe(false);
  });
});
