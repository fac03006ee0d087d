import type { Actor, Database } from '../../../platform/db/database.ts';
import { type ClinicTx, withClinic } from '../../../platform/db/tenancy.ts';
import { notFound } from '../../../platform/http/errors.ts';
import * as repo from './repo.ts';
import type { BookingSettings, BookingSettingsView, PutBookingSettings } from './schema.ts';

/**
 * The clinic's booking settings inside the caller's transaction: what other slices read
 * (reminders, cancellation window, waitlist offers). The defaults when the clinic never changed them.
 */
export async function bookingSettingsIn(tx: ClinicTx): Promise<BookingSettings> {
  const { updatedAt: _, ...settings } = await repo.readBookingSettings(tx);
  return settings;
}

async function view(tx: ClinicTx): Promise<BookingSettingsView> {
  const s = await repo.readBookingSettings(tx);
  return {
    ...s,
    updatedAt: s.updatedAt?.toISOString() ?? null,
    services: await repo.serviceApprovals(tx),
  };
}

export function getBookingSettings(
  db: Database,
  clinicId: string,
  actor: Actor,
): Promise<BookingSettingsView> {
  return withClinic(db, clinicId, actor, view);
}

export function putBookingSettings(
  db: Database,
  clinicId: string,
  actor: Actor,
  input: PutBookingSettings,
): Promise<BookingSettingsView> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const before = await bookingSettingsIn(tx);
    const after = { ...before, ...input };
    await repo.writeBookingSettings(tx, after, actor.userId);
    await tx.audit({
      action: 'booking.settings_updated',
      entityType: 'clinic',
      entityId: clinicId,
      data: { before, after },
    });
    return view(tx);
  });
}

export function setServiceApproval(
  db: Database,
  clinicId: string,
  actor: Actor,
  serviceId: string,
  requiresApproval: boolean,
): Promise<BookingSettingsView> {
  return withClinic(db, clinicId, actor, async (tx) => {
    if (!(await repo.serviceExists(tx, serviceId))) throw notFound('Service');
    await repo.setRequiresApproval(tx, serviceId, requiresApproval);
    await tx.audit({
      action: 'booking.service_approval_set',
      entityType: 'service',
      entityId: serviceId,
      data: { requiresApproval },
    });
    return view(tx);
  });
}
