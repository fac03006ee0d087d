import { registerPatientIn } from '../modules/patients/index.ts';
import { hashPassword } from '../platform/auth/crypto.ts';
import { findOrCreateEmailUser } from '../platform/auth/users.ts';
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
} as const;

export async function isEmpty(db: Database): Promise<boolean> {
  const row = await db.owner
    .selectFrom('clinics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0) === 0;
}

/**
 * Seeds the demo clinic, its staff, a patient and the platform admin, in one transaction.
 * Returns false when another instance seeded first (the slug is unique).
 */
export async function seedDemo(db: Database): Promise<boolean> {
  const password = DEMO.password;
  const clinicId = newId();
  try {
    await withGlobal(db, systemActor, async (tx) => {
      await findOrCreateEmailUser(tx, {
        email: DEMO.admin,
        name: 'Platform Admin',
        password,
        platformRole: 'admin',
        verified: true, // the system made it: nobody else chose its password
      });
    });
    await withClinic(db, clinicId, systemActor, async (tx) => {
      const c = DEMO.clinic;
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
      const hash = await hashPassword(password);
      for (const s of DEMO.staff) {
        const { userId } = await findOrCreateEmailUser(tx, { email: s.email, name: s.name, verified: true });
        await tx.db
          .updateTable('identities')
          .set({ password_hash: hash, verified_at: tx.now })
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
      await registerPatientIn(tx, { fullName: DEMO.patient.name, phone: DEMO.patient.phone });
    });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return false;
    throw err;
  }
}
