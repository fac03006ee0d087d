import type { Database } from '../../platform/db/database.ts';
import { withGlobal } from '../../platform/db/tenancy.ts';
import { clinicBySlug, type SiteClinic } from './repo.ts';

/** The clinic a public page is about, by its slug (any case); undefined for no such clinic. */
export function findSiteClinic(db: Database, slug: string): Promise<SiteClinic | undefined> {
  return withGlobal(db, { kind: 'public', userId: null }, (tx) => clinicBySlug(tx, slug));
}
