import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDb, sqlFromOutside, type TestApp } from '../../test/harness.ts';
import type { AccessChange } from './access-listener.ts';
import { systemActor } from './database.ts';
import { newId } from './ids.ts';
import { MAX_SCOPES } from './migrations/0004_access_version.ts';
import type { PlatformDB } from './schema.ts';
import { withGlobal } from './tenancy.ts';

type Db = Kysely<PlatformDB>;

/** Access changes heard as notifications, as a client on another instance would hear them. */
function hear(t: TestApp) {
  const heard: AccessChange[] = [];
  const stop = t.db.accessListener.onChange((c) => {
    if (c.via === 'notify') heard.push(c);
  });
  return {
    stop,
    /** The notifications that name any of `ids` (or everything). */
    about: (ids: string[]) =>
      heard.filter((c) => c.scopes.some((s) => s === '*' || ids.includes(s.slice(2)))),
    /** Commits a change of its own and waits until it comes round: everything committed before it has too. */
    async settle(): Promise<void> {
      const id = await newUser(t.db.owner);
      await sql`update users set status = 'disabled' where id = ${id}`.execute(t.db.owner);
      for (let i = 0; i < 400; i++) {
        if (heard.some((c) => c.scopes.includes(`u:${id}`))) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('the sentinel change never came round');
    },
    /** Lets what was committed before come round, then forgets it. */
    async reset(): Promise<void> {
      await this.settle();
      heard.length = 0;
    },
  };
}

async function newUser(db: Db): Promise<string> {
  const id = newId();
  await db.insertInto('users').values({ id, name: 'probe' }).execute();
  return id;
}

async function newSession(db: Db, userId: string): Promise<string> {
  const id = newId();
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      token_hash: randomBytes(32),
      method: 'password',
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + 3_600_000),
      idle_expires_at: new Date(now.getTime() + 600_000),
    })
    .execute();
  return id;
}

async function newClinic(db: Db): Promise<string> {
  const id = newId();
  await db
    .insertInto('clinics')
    .values({
      id,
      slug: `a-${randomBytes(5).toString('hex')}`,
      name: 'A',
      time_zone: 'UTC',
      currency: 'USD',
      locale: 'en',
    })
    .execute();
  return id;
}

async function version(db: Db): Promise<number> {
  const { rows } = await sql<{ version: string }>`select version from access_version`.execute(db);
  return Number(rows[0]?.version);
}

class Rollback extends Error {}

describeEachDb('access version (migration 0004)', (t) => {
  it('a bulk change notifies once, at commit, with every user and clinic it touched', async () => {
    const db = t().db.owner;
    const [u1, u2, u3] = [await newUser(db), await newUser(db), await newUser(db)];
    for (let i = 0; i < 30; i++) await newSession(db, u1);
    const clinic = await newClinic(db);
    await db.insertInto('memberships').values({ clinic_id: clinic, user_id: u2, role: 'doctor' }).execute();
    const ear = hear(t());
    await ear.reset();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', u1).execute();
      await trx.updateTable('memberships').set({ role: 'secretary' }).where('user_id', '=', u2).execute();
      await trx.updateTable('users').set({ status: 'disabled' }).where('id', '=', u3).execute();
      await trx.updateTable('clinics').set({ status: 'suspended' }).where('id', '=', clinic).execute();
    });
    await ear.settle();
    const mine = ear.about([u1, u2, u3, clinic]);
    expect(mine, JSON.stringify(mine)).toHaveLength(1);
    expect([...(mine[0]?.scopes ?? [])].sort()).toEqual(
      [`c:${clinic}`, `u:${u1}`, `u:${u2}`, `u:${u3}`].sort(),
    );
    ear.stop();
  });

  it('a rolled-back change, a rolled-back savepoint and writes that change no access decision notify nothing', async () => {
    const db = t().db.owner;
    const [u1, u2, u3] = [await newUser(db), await newUser(db), await newUser(db)];
    const session = await newSession(db, u1);
    const revoked = await newSession(db, u1);
    await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', revoked).execute();
    const clinic = await newClinic(db);
    const ear = hear(t());
    await ear.reset();
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('users').set({ status: 'disabled' }).where('id', '=', u1).execute();
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    await db.transaction().execute(async (trx) => {
      await sql`savepoint s`.execute(trx);
      await trx.updateTable('users').set({ status: 'disabled' }).where('id', '=', u2).execute();
      await sql`rollback to savepoint s`.execute(trx);
      await trx.updateTable('users').set({ status: 'disabled' }).where('id', '=', u3).execute();
    });
    // The last-seen touch slides the idle expiry forward: not a change.
    const later = new Date(Date.now() + 60_000);
    await db
      .updateTable('sessions')
      .set({ last_seen_at: later, idle_expires_at: new Date(Date.now() + 700_000) })
      .where('id', '=', session)
      .execute();
    await db.updateTable('users').set({ updated_at: later }).where('id', '=', u1).execute();
    await db.updateTable('clinics').set({ name: 'Renamed' }).where('id', '=', clinic).execute();
    await newSession(db, u1);
    await db
      .insertInto('memberships')
      .values({ clinic_id: clinic, user_id: u1, role: 'doctor', status: 'removed' })
      .execute();
    await db.deleteFrom('sessions').where('id', '=', revoked).execute();
    await ear.settle();
    expect(ear.about([u1, u2, clinic])).toEqual([]);
    expect(ear.about([u3])).toHaveLength(1);

    // Cutting the idle expiry short is a change, as is deleting a live session.
    await db.updateTable('sessions').set({ idle_expires_at: new Date() }).where('id', '=', session).execute();
    await db.deleteFrom('sessions').where('id', '=', session).execute();
    await ear.settle();
    expect(ear.about([u1])).toHaveLength(2);
    ear.stop();
  });

  it('a password change, a new active membership and a removed one are changes for that user', async () => {
    const db = t().db.owner;
    const u = await newUser(db);
    const clinic = await newClinic(db);
    await db
      .insertInto('identities')
      .values({ id: newId(), user_id: u, kind: 'email', value: `${u}@x.test`, password_hash: 'a' })
      .execute();
    const ear = hear(t());
    await ear.reset();
    await db.updateTable('identities').set({ password_hash: 'b' }).where('user_id', '=', u).execute();
    await db.updateTable('identities').set({ verified_at: new Date() }).where('user_id', '=', u).execute();
    await db.insertInto('memberships').values({ clinic_id: clinic, user_id: u, role: 'patient' }).execute();
    await db.updateTable('memberships').set({ status: 'removed' }).where('user_id', '=', u).execute();
    await ear.settle();
    expect(ear.about([u]).map((c) => c.scopes)).toEqual([[`u:${u}`], [`u:${u}`], [`u:${u}`]]);
    ear.stop();
  });

  it("the app role's writes bump the version through the trigger, yet it cannot change the version itself", async () => {
    const u = await newUser(t().db.owner);
    const before = await version(t().db.owner);
    await withGlobal(t().db, systemActor, (tx) =>
      tx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', u).execute(),
    );
    expect(await version(t().db.owner)).toBeGreaterThan(before);
    await expect(
      withGlobal(t().db, systemActor, (tx) => sql`update access_version set version = 0`.execute(tx.db)),
    ).rejects.toThrow(/permission denied/);
    // It may read it: the access listener logs in as the app's login (migration 0006).
    await expect(
      withGlobal(t().db, systemActor, (tx) => sql`select version from access_version`.execute(tx.db)),
    ).resolves.toBeDefined();
    // Nor bump it by hand (a bump no notification announces makes every instance drop its cache).
    await expect(
      withGlobal(t().db, systemActor, (tx) => sql`select access_version_bump()`.execute(tx.db)),
    ).rejects.toThrow(/permission denied/);
  });

  it('TRUNCATE and more than MAX_SCOPES users in one transaction mean everything', async () => {
    const db = t().db.owner;
    // Both rolled back: on a shared server a real '*' would empty every test's cache.
    await db
      .transaction()
      .execute(async (trx) => {
        const before = await version(trx);
        await sql`truncate sessions`.execute(trx);
        expect(await version(trx)).toBe(before + 1);
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    const many: string[] = [];
    for (let i = 0; i <= MAX_SCOPES; i++) many.push(await newUser(db));
    const scopesOf = async (ids: string[]) => {
      let scopes = '';
      await db
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('users').set({ status: 'disabled' }).where('id', 'in', ids).execute();
          const { rows } = await sql<{
            s: string;
          }>`select current_setting('cliniclick.access_scopes') as s`.execute(trx);
          scopes = rows[0]?.s ?? '';
          throw new Rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
      return scopes;
    };
    expect((await scopesOf(many.slice(0, MAX_SCOPES))).split(' ')).toHaveLength(MAX_SCOPES);
    expect(await scopesOf(many)).toBe('*');
    if (t().kind === 'pglite') {
      // A private database: the real thing, heard as one notification.
      const ear = hear(t());
      await ear.reset();
      await db.updateTable('users').set({ status: 'disabled' }).where('id', 'in', many).execute();
      await ear.settle();
      expect(ear.about(many).map((c) => c.scopes)).toEqual([['*']]);
      ear.stop();
    }
  });

  it('a write from outside the app (another connection, as psql would) is heard too', async () => {
    const u = await newUser(t().db.owner);
    const ear = hear(t());
    await ear.reset();
    await sqlFromOutside(t(), 'update users set status = $1 where id = $2', ['disabled', u]);
    await ear.settle();
    expect(ear.about([u])).toHaveLength(1);
    ear.stop();
  });
});
