import type { Actor, Database } from '../../../platform/db/database.ts';
import { withClinic } from '../../../platform/db/tenancy.ts';
import { AppError, notFound } from '../../../platform/http/errors.ts';
import { verifyHold } from '../../scheduling/index.ts';
import { findSiteClinic } from '../../site/index.ts';
import { BOOKING_LIMITS as L, spend } from '../public/limits.ts';
import type { HoldInput } from '../public/schema.ts';
import { approvalDeadline, offeredAt, placeFirst, requireOpen } from '../public/service.ts';
import { patientRecordOf } from './repo.ts';

/**
 * A signed-in patient books from the panel: the same free times as the public pages, no SMS code
 * (their session already proves who they are), confirmed at once or a request awaiting approval.
 */
export async function bookAsPatient(
  db: Database,
  clinicId: string,
  slug: string,
  actor: Actor,
  input: HoldInput,
): Promise<{
  id: string;
  status: 'confirmed' | 'requested';
  startsAt: string;
  holdExpiresAt: string | null;
}> {
  const clinic = await findSiteClinic(db, slug);
  if (!clinic || clinic.id !== clinicId) throw notFound('Clinic');
  requireOpen(clinic);
  const userId = actor.userId ?? '';
  await spend(db, actor.ip ?? 'unknown', [{ name: 'holds_ip', key: `user:${userId}`, limit: L.holdsPerIp }]);
  const offered = await offeredAt(db, clinic, input);
  return withClinic(db, clinicId, actor, async (tx) => {
    const patientId = await patientRecordOf(tx, userId);
    if (!patientId)
      throw new AppError(403, 'no_patient_record', 'Ask the clinic to register you as their patient first');
    const placed = await placeFirst(tx, offered, input.serviceId, {
      holdMinutes: 5,
      source: 'patient',
      patientId,
    });
    const deadline = await approvalDeadline(tx, input.serviceId, placed.startsAt);
    const result = await verifyHold(tx, placed.id, patientId, deadline);
    return {
      id: placed.id,
      status: result.status === 'requested' ? 'requested' : 'confirmed',
      startsAt: placed.startsAt.toISOString(),
      holdExpiresAt: result.holdExpiresAt?.toISOString() ?? null,
    };
  });
}
