import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { type App, buildApp } from '../server/src/app.ts';
import { MIGRATIONS } from '../server/src/modules.ts';
import { hashPassword } from '../server/src/platform/auth/crypto.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { Database, systemActor } from '../server/src/platform/db/database.ts';
import { newId } from '../server/src/platform/db/ids.ts';
import { withClinic } from '../server/src/platform/db/tenancy.ts';
import type { AppSettings } from '../server/src/platform/deps.ts';
import type { EventBus } from '../server/src/platform/events/bus.ts';
import { assertLoopback, type BenchSettings } from './settings.ts';

export const STAFF_ROUTE = '/api/v1/clinics/:clinicId/staff';
const PASSWORD = 'bench-password-not-secret';

/** The database the run uses; `drop` removes it when the bench created it. */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Uses DATABASE_URL as given, or creates a fresh database on the local server for this run. */
export async function openBenchDatabase(settings: BenchSettings): Promise<BenchDatabase> {
  if (settings.databaseUrl) return { url: settings.databaseUrl, drop: async () => {} };
  const admin = assertLoopback(settings.adminUrl);
  const name = `cliniclick_bench_${Date.now()}_${process.pid}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    // Identifiers cannot be parameters; the name is made of digits and underscores only.
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      if (settings.keepDatabase) return;
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface SeededClinic {
  clinicId: string;
  ownerId: string;
  ownerEmail: string;
  /** Every staff email of this clinic (for the login timing stage). */
  staffEmails: string[];
  password: string;
}

/**
 * Many clinics, each with an owner, staff and patients, so the staff query filters a table that
 * holds other clinics' rows and other roles, as in production. Returns the first clinic.
 */
export async function seedClinics(db: Database, settings: BenchSettings): Promise<SeededClinic> {
  const hash = await hashPassword(PASSWORD);
  let first: SeededClinic | undefined;
  for (let c = 0; c < settings.clinics; c++) {
    const clinicId = newId();
    const slug = `bench-${c}-${clinicId.slice(-6)}`;
    const people: Array<{ id: string; name: string; role: 'owner' | 'doctor' | 'secretary' | 'patient' }> =
      [];
    people.push({ id: newId(), name: `Owner ${c}`, role: 'owner' });
    for (let s = 1; s < settings.staffPerClinic; s++) {
      people.push({ id: newId(), name: `Staff ${c}-${s}`, role: s % 3 === 0 ? 'secretary' : 'doctor' });
    }
    for (let p = 0; p < settings.patientsPerClinic; p++) {
      people.push({ id: newId(), name: `Patient ${c}-${p}`, role: 'patient' });
    }
    const staff = people.filter((p) => p.role !== 'patient');
    await withClinic(db, clinicId, systemActor, async (tx) => {
      await tx.db
        .insertInto('clinics')
        .values({
          id: clinicId,
          slug,
          name: `Bench clinic ${c}`,
          time_zone: 'UTC',
          currency: 'USD',
          locale: 'en',
        })
        .execute();
      await tx.db
        .insertInto('users')
        .values(people.map((p) => ({ id: p.id, name: p.name, locale: null, platform_role: null })))
        .execute();
      await tx.db
        .insertInto('identities')
        .values(
          staff.map((p) => ({
            id: newId(),
            user_id: p.id,
            kind: 'email' as const,
            value: `${p.role}-${p.id}@${slug}.bench`,
            password_hash: hash,
            verified_at: null,
          })),
        )
        .execute();
      await tx.db
        .insertInto('memberships')
        .values(people.map((p) => ({ clinic_id: clinicId, user_id: p.id, role: p.role, created_by: null })))
        .execute();
    });
    const owner = people[0]!;
    first ??= {
      clinicId,
      ownerId: owner.id,
      ownerEmail: `owner-${owner.id}@${slug}.bench`,
      staffEmails: staff.map((p) => `${p.role}-${p.id}@${slug}.bench`),
      password: PASSWORD,
    };
  }
  // Fresh statistics, so the planner sees the tables as they will be during the run.
  await sql`analyze`.execute(db.owner);
  return first!;
}

const quietBus: EventBus = {
  async publish() {},
  async subscribe() {
    return async () => {};
  },
  async close() {},
};

export interface RunningApp {
  app: App;
  db: Database;
  baseUrl: string;
  /** The clinic whose owner the load signs in as. */
  seeded: SeededClinic;
  close(): Promise<void>;
}

/** The real app (buildApp) on PostgreSQL, listening on a loopback port. */
export async function startApp(url: string, settings: BenchSettings): Promise<RunningApp> {
  const db = await Database.open({ url, clock: systemClock, poolSize: settings.poolSize });
  await db.migrate(MIGRATIONS);
  await db.assertAppRoleObeysRls();
  const seeded = await seedClinics(db, settings);
  const { app, baseUrl } = await listenApp(db, settings);
  if (!app.hasRoute({ method: 'GET', url: STAFF_ROUTE })) {
    await app.close();
    await db.close();
    throw new Error(`the app has no ${STAFF_ROUTE} route to measure`);
  }
  return {
    app,
    db,
    seeded,
    baseUrl,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/**
 * The real app on `db`, listening on a loopback port; `overrides` change its settings (a second
 * app beside the first, e.g. with the slots cache off, shares the database and its data).
 */
export async function listenApp(
  db: Database,
  settings: BenchSettings,
  overrides: Partial<AppSettings> = {},
): Promise<{ app: App; baseUrl: string }> {
  const app = await buildApp({
    db,
    clock: systemClock,
    events: quietBus,
    outbox: { kick() {} },
    settings: {
      appSecret: settings.appSecret,
      publicUrl: 'http://127.0.0.1',
      bodyLimit: 1_048_576,
      // The login timing stage sends each try from its own forwarded address.
      trustProxy: 1,
      secureCookies: false,
      logLevel: settings.logLevel,
      defaultMetrics: true,
      ...overrides,
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

/** Signs in through the API, as a client would, and returns the bearer token. */
export async function loginOwner(baseUrl: string, seeded: SeededClinic): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: seeded.ownerEmail, password: seeded.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error('login answered without a token');
  return body.token;
}
