import type { GlobalTx } from '../db/tenancy.ts';

/** The signed-in user's own account: who they are, where they belong, their language. SQL only. */

export interface Account {
  user: {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    locale: string | null;
    platformRole: 'admin' | null;
  };
  memberships: Array<{
    clinicId: string;
    clinicSlug: string;
    clinicName: string;
    clinicStatus: 'active' | 'suspended';
    clinicTimeZone: string;
    clinicCurrency: string;
    role: 'owner' | 'doctor' | 'secretary' | 'patient';
  }>;
}

export async function readAccount(tx: GlobalTx, userId: string): Promise<Account> {
  const user = await tx.db
    .selectFrom('users')
    .select(['id', 'name', 'locale', 'platform_role'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const identities = await tx.db
    .selectFrom('identities')
    .select(['kind', 'value'])
    .where('user_id', '=', userId)
    .execute();
  const memberships = await tx.db
    .selectFrom('memberships')
    .innerJoin('clinics', 'clinics.id', 'memberships.clinic_id')
    .select([
      'clinics.id',
      'clinics.slug',
      'clinics.name',
      'clinics.status',
      'clinics.time_zone',
      'clinics.currency',
      'memberships.role',
    ])
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .orderBy('clinics.name')
    .orderBy('memberships.role')
    .execute();
  return {
    user: {
      id: user.id,
      name: user.name,
      email: identities.find((i) => i.kind === 'email')?.value ?? null,
      phone: identities.find((i) => i.kind === 'phone')?.value ?? null,
      locale: user.locale,
      platformRole: user.platform_role,
    },
    memberships: memberships.map((m) => ({
      clinicId: m.id,
      clinicSlug: m.slug,
      clinicName: m.name,
      clinicStatus: m.status,
      clinicTimeZone: m.time_zone,
      clinicCurrency: m.currency,
      role: m.role,
    })),
  };
}

export async function setAccountLocale(tx: GlobalTx, userId: string, locale: string | null): Promise<void> {
  await tx.db.updateTable('users').set({ locale, updated_at: tx.now }).where('id', '=', userId).execute();
}
