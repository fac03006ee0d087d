import type { GlobalTx } from '../../platform/db/tenancy.ts';

/** What a clinic's public pages know of it before any tenant data is read. */
export interface SiteClinic {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  locale: string;
  /** A suspended clinic's site says it is not taking bookings. */
  acceptingBookings: boolean;
}

export async function clinicBySlug(tx: GlobalTx, slug: string): Promise<SiteClinic | undefined> {
  const row = await tx.db
    .selectFrom('clinics')
    .select(['id', 'slug', 'name', 'time_zone', 'currency', 'locale', 'status'])
    .where('slug', '=', slug.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    currency: row.currency,
    locale: row.locale,
    acceptingBookings: row.status === 'active',
  };
}
