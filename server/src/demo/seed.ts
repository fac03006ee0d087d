import { registerPatientIn } from '../modules/patients/index.ts';
import { MODULES } from '../modules.ts';
import type { DemoClinic } from '../platform/assembly/manifest.ts';
import { seedModuleDemos } from '../platform/assembly/registry.ts';
import { hashPassword, verifyPassword } from '../platform/auth/crypto.ts';
import { findEmailIdentity, findOrCreateEmailUser } from '../platform/auth/users.ts';
import { type Database, systemActor } from '../platform/db/database.ts';
import { newId } from '../platform/db/ids.ts';
import type { ClinicRole } from '../platform/db/schema.ts';
import { withClinic, withGlobal } from '../platform/db/tenancy.ts';

/** The contract's demo: these logins are relied on by the README, the demo and acceptance checks. */
export const DEMO = {
  password: 'cliniclick-demo',
  admin: 'admin@cliniclick.test',
  clinic: {
    slug: 'demo',
    name: 'Cliniclick Demo Clinic',
    timeZone: 'America/New_York',
    currency: 'USD',
    locale: 'en',
  },
  staff: [
    { role: 'owner', email: 'owner@demo.cliniclick.test', name: 'Olivia Owner' },
    { role: 'doctor', email: 'doctor@demo.cliniclick.test', name: 'Dr. Daniel Reed' },
    { role: 'secretary', email: 'secretary@demo.cliniclick.test', name: 'Sara Front-Desk' },
  ] satisfies Array<{ role: ClinicRole; email: string; name: string }>,
  patient: { phone: '+15555550100', name: 'Pat Patient' },
  /**
   * A second clinic, so the demo shows people who work or are treated in two places: the owner
   * owns both, the doctor works in both, the patient is registered in both.
   */
  secondClinic: {
    slug: 'demo-dubai',
    name: 'Cliniclick Dubai Clinic',
    timeZone: 'Asia/Dubai',
    currency: 'AED',
    locale: 'ar',
    roles: ['owner', 'doctor'] satisfies ClinicRole[],
  },
} as const;

/**
 * The demo's logins (the platform admin first) that still sign in with the published password:
 * anyone who has read the README can use them.
 */
export async function loginsWithDemoPassword(db: Database): Promise<string[]> {
  const emails = [DEMO.admin, ...DEMO.staff.map((s) => s.email)];
  const hashes = await withGlobal(db, systemActor, (tx) =>
    Promise.all(emails.map(async (email) => (await findEmailIdentity(tx, email))?.passwordHash)),
  );
  const still = await Promise.all(hashes.map((h) => (h ? verifyPassword(h, DEMO.password) : false)));
  return emails.filter((_, i) => still[i]);
}

type ClinicSpec = { slug: string; name: string; timeZone: string; currency: string; locale: string };

/** The demo clinic's id, when it exists (the start-up banner links its waiting-room screen). */
export async function demoClinicId(db: Database): Promise<string | undefined> {
  const row = await db.owner
    .selectFrom('clinics')
    .select('id')
    .where('slug', '=', DEMO.clinic.slug)
    .executeTakeFirst();
  return row?.id;
}

export async function isEmpty(db: Database): Promise<boolean> {
  const row = await db.owner
    .selectFrom('clinics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0) === 0;
}

/**
 * Seeds the demo clinics, their staff, the patient and the platform admin, one transaction per
 * clinic. Returns false when another instance seeded first (the slug is unique).
 */
export async function seedDemo(db: Database): Promise<boolean> {
  try {
    await withGlobal(db, systemActor, async (tx) => {
      await findOrCreateEmailUser(tx, {
        email: DEMO.admin,
        name: 'Platform Admin',
        password: DEMO.password,
        platformRole: 'admin',
        verified: true, // the system made it: nobody else chose its password
      });
    });
    const hash = await hashPassword(DEMO.password);
    const first = await seedClinic(db, DEMO.clinic, DEMO.staff, hash);
    const second = DEMO.secondClinic;
    const roles: readonly ClinicRole[] = second.roles;
    const other = await seedClinic(
      db,
      second,
      DEMO.staff.filter((s) => roles.includes(s.role)),
      hash,
    );
    for (const clinic of [first, other]) await seedModuleDemos(db, MODULES, clinic);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return false;
    throw err;
  }
}

async function seedClinic(
  db: Database,
  c: ClinicSpec,
  staff: ReadonlyArray<{ role: ClinicRole; email: string; name: string }>,
  passwordHash: string,
): Promise<DemoClinic> {
  const clinicId = newId();
  const patient = await withClinic(db, clinicId, systemActor, async (tx) => {
    await tx.db
      .insertInto('clinics')
      .values({
        id: clinicId,
        slug: c.slug,
        name: c.name,
        time_zone: c.timeZone,
        currency: c.currency,
        locale: c.locale,
      })
      .execute();
    await tx.audit({
      action: 'clinic.created',
      entityType: 'clinic',
      entityId: clinicId,
      data: { slug: c.slug, demo: true },
    });
    for (const s of staff) {
      const { userId } = await findOrCreateEmailUser(tx, { email: s.email, name: s.name, verified: true });
      await tx.db
        .updateTable('identities')
        .set({ password_hash: passwordHash, verified_at: tx.now })
        .where('user_id', '=', userId)
        .where('kind', '=', 'email')
        .execute();
      await tx.db
        .insertInto('memberships')
        .values({ clinic_id: clinicId, user_id: userId, role: s.role, created_by: null })
        .execute();
      await tx.audit({
        action: 'staff.added',
        entityType: 'user',
        entityId: userId,
        data: { role: s.role },
      });
    }
    return registerPatientIn(tx, { fullName: DEMO.patient.name, phone: DEMO.patient.phone });
  });
  return { clinicId, patientId: patient.id };
}
