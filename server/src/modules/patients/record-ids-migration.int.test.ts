import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../modules.ts';
import { ManualClock } from '../../platform/clock.ts';
import { Database } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/ids.ts';
import { databaseKinds, testDatabaseUrl } from '../../test/harness.ts';

const BEFORE = Object.fromEntries(
  Object.entries(MIGRATIONS).filter(([name]) => name < '0008_patient_record_ids'),
);

/** A database of its own (a fresh PGlite, or a new PostgreSQL database dropped afterwards). */
async function freshDatabase(
  kind: 'pglite' | 'postgres',
): Promise<{ db: Database; drop: () => Promise<void> }> {
  const clock = new ManualClock(new Date());
  if (kind === 'pglite') {
    const db = await Database.open({ clock });
    return { db, drop: () => db.close() };
  }
  const name = `cc_mig_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(testDatabaseUrl!);
  url.pathname = `/${name}`;
  const db = await Database.open({ url: url.toString(), clock, poolSize: 2 });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin(`drop database ${name} with (force)`);
    },
  };
}

for (const kind of databaseKinds) {
  describe(`migration 0008: patient record ids [${kind}]`, () => {
    it('gives every existing record an id of its own and repoints appointments, keeping every row', async () => {
      const { db, drop } = await freshDatabase(kind);
      try {
        await db.migrate(BEFORE);
        const o = db.owner;
        const registered = [new Date('2024-03-01T10:00:00Z'), new Date('2025-07-09T08:30:00Z')];
        const person = newId(Date.parse('2023-01-01T00:00:00Z'));
        const doctor = newId();
        const clinics = [newId(), newId()];
        await sql`insert into users (id, name) values (${person}, 'Pat'), (${doctor}, 'Doc')`.execute(o);
        for (const [i, clinic] of clinics.entries()) {
          await sql`insert into clinics (id, slug, name, time_zone, currency, locale)
            values (${clinic}, ${`mig-${clinic.slice(-8)}`}, 'C', 'UTC', 'USD', 'en')`.execute(o);
          await sql`insert into memberships (clinic_id, user_id, role)
            values (${clinic}, ${doctor}, 'doctor'), (${clinic}, ${person}, 'patient')`.execute(o);
          await sql`insert into doctor_profiles (clinic_id, user_id, created_at, updated_at)
            values (${clinic}, ${doctor}, now(), now())`.execute(o);
          const service = newId();
          await sql`insert into services (clinic_id, id, name, duration_min, price_minor, mode, created_at, updated_at)
            values (${clinic}, ${service}, 'S', 30, 0, 'in_person', now(), now())`.execute(o);
          await sql`insert into patients (clinic_id, user_id, full_name, created_at, updated_at)
            values (${clinic}, ${person}, ${`Pat ${i}`}, ${registered[i]}, ${registered[i]})`.execute(o);
          for (const hour of [9, 10]) {
            const at = new Date(Date.UTC(2026, 0, 5 + i, hour));
            const end = new Date(at.getTime() + 30 * 60_000);
            await sql`insert into appointments (clinic_id, id, doctor_id, patient_id, service_id, mode,
                starts_at, ends_at, blocked_from, blocked_until, status, price_minor, currency, created_at, updated_at)
              values (${clinic}, ${newId()}, ${doctor}, ${person}, ${service}, 'in_person',
                ${at}, ${end}, ${at}, ${end}, 'confirmed', 0, 'USD', now(), now())`.execute(o);
          }
        }

        await db.migrate(MIGRATIONS);

        const { rows: records } = await sql<{
          clinic_id: string;
          id: string;
          user_id: string;
          created_at: Date;
        }>`
          select clinic_id, id, user_id, created_at from patients order by created_at`.execute(o);
        expect(records).toHaveLength(2);
        const [inFirst, inSecond] = records as [(typeof records)[0], (typeof records)[0]];
        expect(new Set([inFirst.id, inSecond.id, person]).size).toBe(3);
        // UUIDv7s of each clinic's own registration time.
        for (const [i, r] of [inFirst, inSecond].entries()) {
          expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          expect(Number.parseInt(r.id.replace(/-/g, '').slice(0, 12), 16)).toBe(registered[i]!.getTime());
        }
        const { rows: visits } = await sql<{ clinic_id: string; patient_id: string }>`
          select clinic_id, patient_id from appointments`.execute(o);
        expect(visits).toHaveLength(4);
        for (const v of visits) {
          expect(v.patient_id).toBe(records.find((r) => r.clinic_id === v.clinic_id)!.id);
        }
        // The foreign key now holds appointments to the clinic's record ids.
        await expect(
          sql`update appointments set patient_id = ${person} where clinic_id = ${clinics[0]}`.execute(o),
        ).rejects.toThrow(/appointments_patient_record/);
        await expect(
          sql`update appointments set patient_id = ${inSecond.id} where clinic_id = ${clinics[0]}`.execute(o),
        ).rejects.toThrow(/appointments_patient_record/);
      } finally {
        await drop();
      }
    });
  });
}
