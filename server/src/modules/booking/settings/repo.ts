import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { SchedulingTables } from '../../scheduling/index.ts';
import type { BookingTables } from '../tables.ts';
import type { BookingSettings, BookingSettingsView } from './schema.ts';

const dbOf = tablesOf<BookingTables & SchedulingTables>();

/** What a clinic that never changed its booking settings has (the shared decisions of issue 12). */
export const DEFAULT_BOOKING_SETTINGS: BookingSettings = {
  holdMinutes: 10,
  approvalHours: 24,
  cancellationWindowHours: 24,
  reminderOffsetsMin: [1440, 120],
  waitlistOfferMode: 'one',
  waitlistOfferMinutes: 15,
  minNoticeMinutes: 60,
  horizonDays: 60,
};

export async function readBookingSettings(
  tx: ClinicTx,
): Promise<BookingSettings & { updatedAt: Date | null }> {
  const r = await dbOf(tx)
    .selectFrom('booking_settings')
    .selectAll()
    .where('clinic_id', '=', tx.clinicId)
    .executeTakeFirst();
  if (!r) return { ...DEFAULT_BOOKING_SETTINGS, updatedAt: null };
  return {
    holdMinutes: r.hold_minutes,
    approvalHours: r.approval_hours,
    cancellationWindowHours: r.cancellation_window_hours,
    reminderOffsetsMin: r.reminder_offsets_min,
    waitlistOfferMode: r.waitlist_offer_mode,
    waitlistOfferMinutes: r.waitlist_offer_minutes,
    minNoticeMinutes: r.min_notice_minutes,
    horizonDays: r.horizon_days,
    updatedAt: r.updated_at,
  };
}

export async function writeBookingSettings(
  tx: ClinicTx,
  s: BookingSettings,
  by: string | null,
): Promise<void> {
  const values = {
    hold_minutes: s.holdMinutes,
    approval_hours: s.approvalHours,
    cancellation_window_hours: s.cancellationWindowHours,
    reminder_offsets_min: s.reminderOffsetsMin,
    waitlist_offer_mode: s.waitlistOfferMode,
    waitlist_offer_minutes: s.waitlistOfferMinutes,
    min_notice_minutes: s.minNoticeMinutes,
    horizon_days: s.horizonDays,
    updated_at: tx.now,
    updated_by: by,
  };
  await dbOf(tx)
    .insertInto('booking_settings')
    .values({ clinic_id: tx.clinicId, ...values })
    .onConflict((oc) => oc.column('clinic_id').doUpdateSet(values))
    .execute();
}

/** The clinic's active services with their approval flag. */
export async function serviceApprovals(tx: ClinicTx): Promise<BookingSettingsView['services']> {
  const rows = await dbOf(tx)
    .selectFrom('services as s')
    .leftJoin('booking_services as b', (j) =>
      j.onRef('b.clinic_id', '=', 's.clinic_id').onRef('b.service_id', '=', 's.id'),
    )
    .select(['s.id', 's.name', 's.name_ar', 'b.requires_approval'])
    .where('s.clinic_id', '=', tx.clinicId)
    .where('s.active', '=', true)
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({
    serviceId: r.id,
    name: r.name,
    nameAr: r.name_ar,
    requiresApproval: r.requires_approval ?? false,
  }));
}

export async function requiresApproval(tx: ClinicTx, serviceId: string): Promise<boolean> {
  const r = await dbOf(tx)
    .selectFrom('booking_services')
    .select('requires_approval')
    .where('clinic_id', '=', tx.clinicId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return r?.requires_approval ?? false;
}

export async function serviceExists(tx: ClinicTx, serviceId: string): Promise<boolean> {
  const r = await dbOf(tx)
    .selectFrom('services')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function setRequiresApproval(tx: ClinicTx, serviceId: string, value: boolean): Promise<void> {
  await dbOf(tx)
    .insertInto('booking_services')
    .values({ clinic_id: tx.clinicId, service_id: serviceId, requires_approval: value, updated_at: tx.now })
    .onConflict((oc) =>
      oc.columns(['clinic_id', 'service_id']).doUpdateSet({ requires_approval: value, updated_at: tx.now }),
    )
    .execute();
}

/** Whether the clinic ever set a service's approval (the demo seeds only once). */
export async function anyServiceRule(tx: ClinicTx): Promise<boolean> {
  const r = await dbOf(tx)
    .selectFrom('booking_services')
    .select('service_id')
    .where('clinic_id', '=', tx.clinicId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function serviceIdNamed(tx: ClinicTx, name: string): Promise<string | undefined> {
  const r = await dbOf(tx)
    .selectFrom('services')
    .select('id')
    .where('clinic_id', '=', tx.clinicId)
    .where('name', '=', name)
    .executeTakeFirst();
  return r?.id;
}
