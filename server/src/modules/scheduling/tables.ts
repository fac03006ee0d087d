import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';

/** Scheduling's tables (migration 0003). */
type Mode = 'in_person' | 'online';
type AppointmentStatus =
  | 'pending'
  | 'requested'
  | 'confirmed'
  | 'checked_in'
  | 'in_progress'
  | 'completed'
  | 'cancelled'
  | 'no_show'
  | 'expired';

export interface DoctorProfilesTable {
  clinic_id: string;
  user_id: string;
  role: Generated<'doctor'>;
  specialty: string | null;
  bio: string | null;
  photo_url: string | null;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  color: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoomsTable {
  clinic_id: string;
  id: string;
  name: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface ServicesTable {
  clinic_id: string;
  id: string;
  name: string;
  /** The service's name in Arabic, when the clinic gives one (migration 0011). */
  name_ar: string | null;
  duration_min: number;
  price_minor: number;
  mode: Mode;
  buffer_before_min: Generated<number>;
  buffer_after_min: Generated<number>;
  color: string | null;
  requires_room: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A clinic's visit rules; no row means the defaults (migration 0011). */
export interface VisitRulesTable {
  clinic_id: string;
  start_before_check_in: Generated<boolean>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface DoctorServicesTable {
  clinic_id: string;
  doctor_id: string;
  service_id: string;
  duration_min: number | null;
  price_minor: number | null;
}

export interface WorkRulesTable {
  clinic_id: string;
  id: string;
  doctor_id: string;
  weekday: number;
  start_min: number;
  end_min: number;
  mode: Mode;
  room_id: string | null;
}

export interface ScheduleExceptionsTable {
  clinic_id: string;
  id: string;
  doctor_id: string | null;
  kind: 'time_off' | 'closure' | 'extra';
  from_date: string;
  to_date: string;
  start_min: number | null;
  end_min: number | null;
  mode: Mode | null;
  room_id: string | null;
  note: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface AppointmentsTable {
  clinic_id: string;
  id: string;
  doctor_id: string;
  /** Null only for a site hold whose visitor has not given their details yet (migration 0014). */
  patient_id: string | null;
  service_id: string;
  room_id: string | null;
  series_id: string | null;
  mode: Mode;
  starts_at: Timestamp;
  ends_at: Timestamp;
  blocked_from: Timestamp;
  blocked_until: Timestamp;
  status: AppointmentStatus;
  hold_expires_at: Timestamp | null;
  price_minor: number;
  currency: string;
  notes: string | null;
  cancel_reason: string | null;
  /** Who booked it: staff in the panel, the public site, or a signed-in patient (migration 0014). */
  source: Generated<'staff' | 'site' | 'patient'>;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface CalendarFeedsTable {
  clinic_id: string;
  doctor_id: string;
  token_hash: Buffer;
  created_at: Timestamp;
  created_by: string | null;
}

/** Migration 0010: one row per clinic that changed the defaults. */
export interface ClinicSchedulingSettingsTable {
  clinic_id: string;
  slot_grid_min: number;
  off_grid_starts: boolean;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface SchedulingTables {
  doctor_profiles: DoctorProfilesTable;
  rooms: RoomsTable;
  services: ServicesTable;
  doctor_services: DoctorServicesTable;
  work_rules: WorkRulesTable;
  schedule_exceptions: ScheduleExceptionsTable;
  appointments: AppointmentsTable;
  calendar_feeds: CalendarFeedsTable;
  visit_rules: VisitRulesTable;
  clinic_scheduling_settings: ClinicSchedulingSettingsTable;
}
