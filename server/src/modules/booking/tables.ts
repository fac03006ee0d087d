import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';

/** Online booking's tables (migration 0014_booking). */

export interface BookingSettingsTable {
  clinic_id: string;
  hold_minutes: Generated<number>;
  approval_hours: Generated<number>;
  cancellation_window_hours: Generated<number>;
  reminder_offsets_min: ColumnType<number[], number[] | undefined, number[]>;
  waitlist_offer_mode: Generated<'one' | 'all'>;
  waitlist_offer_minutes: Generated<number>;
  min_notice_minutes: Generated<number>;
  horizon_days: Generated<number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface BookingServicesTable {
  clinic_id: string;
  service_id: string;
  requires_approval: Generated<boolean>;
  updated_at: Timestamp;
}

export interface BookingHoldsTable {
  clinic_id: string;
  appointment_id: string;
  secret_hash: Buffer;
  ip: string | null;
  full_name: string | null;
  phone: string | null;
  email: string | null;
  language: Generated<'en' | 'ar'>;
  code_hash: Buffer | null;
  code_sent_at: Timestamp | null;
  code_expires_at: Timestamp | null;
  codes_sent: Generated<number>;
  attempts: Generated<number>;
  verified_at: Timestamp | null;
  created_at: Timestamp;
}

export interface BookingTables {
  booking_settings: BookingSettingsTable;
  booking_services: BookingServicesTable;
  booking_holds: BookingHoldsTable;
}
