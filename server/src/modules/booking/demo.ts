import type { Database } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import * as repo from './settings/repo.ts';

/** The demo's service that waits for the clinic's approval when booked online. */
export const DEMO_APPROVAL_SERVICE = 'Dental cleaning';

/** Marks the demo's dental cleaning as needing approval (once; the scheduling demo made it). */
export async function seedBookingDemo(db: Database, clinicId: string): Promise<void> {
  await withClinic(db, clinicId, { kind: 'system', userId: null }, async (tx) => {
    if (await repo.anyServiceRule(tx)) return;
    const id = await repo.serviceIdNamed(tx, DEMO_APPROVAL_SERVICE);
    if (id) await repo.setRequiresApproval(tx, id, true);
  });
}
