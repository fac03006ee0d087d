import type { AuditInput } from '../audit/audit.ts';
import type { Actor, Database } from '../db/database.ts';
import { withClinic, withGlobal } from '../db/tenancy.ts';
import { staffClinicsOf } from './credentials.ts';

/**
 * Records a change to a person's own account (password changed or reset, sessions signed out) in
 * the audit chain of every clinic where they work, so each owner sees it beside the rest of that
 * person's activity. Written after the change commits (the chains are per clinic, the account is
 * not); a platform admin with no clinic has only the server log. Patients' account events are not
 * put in front of clinic staff.
 */
export async function auditAccountChange(
  db: Database,
  userId: string,
  actor: Actor,
  input: Pick<AuditInput, 'action' | 'data'>,
): Promise<void> {
  const clinics = await withGlobal(db, { kind: 'user', userId }, (tx) => staffClinicsOf(tx, userId));
  for (const clinicId of clinics) {
    await withClinic(db, clinicId, actor, (tx) =>
      tx.audit({ entityType: 'user', entityId: userId, ...input }),
    );
  }
}
