import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables. Keep in step with migrations/. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string, string>;

export type ClinicRole = 'owner' | 'doctor' | 'secretary' | 'patient';

export interface UsersTable {
  id: string;
  name: string;
  locale: string | null;
  platform_role: 'admin' | null;
  status: Generated<'active' | 'disabled'>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IdentitiesTable {
  id: string;
  user_id: string;
  kind: 'email' | 'phone';
  value: string;
  password_hash: string | null;
  verified_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: Buffer;
  method: 'password' | 'otp' | 'invitation';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  idle_expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  replaced_by: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface OtpChallengesTable {
  id: string;
  phone: string;
  code_hash: Buffer;
  created_at: Timestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Timestamp | null;
  ip: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_started_at: Timestamp;
  count: number;
}

export interface OutboxTable {
  id: string;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  created_at: Timestamp;
  available_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
}

export interface ClinicsTable {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  currency: string;
  locale: string;
  status: Generated<'active' | 'suspended'>;
  suspended_at: Timestamp | null;
  suspended_reason: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MembershipsTable {
  clinic_id: string;
  user_id: string;
  role: ClinicRole;
  status: Generated<'active' | 'removed'>;
  created_at: CreatedAt;
  created_by: string | null;
  removed_at: Timestamp | null;
  removed_by: string | null;
}

export interface InvitationsTable {
  clinic_id: string;
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'doctor' | 'secretary';
  token_hash: Buffer;
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
  /** Set on an owner's "set your password" link: the account whose missing password it may set. */
  sets_password_for: string | null;
}

export interface AuditEventsTable {
  clinic_id: string;
  seq: number;
  id: string;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_kind: 'user' | 'admin' | 'system' | 'public';
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: Json;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  clinic_id: string;
  seq: number;
  hash: string;
}

export interface PatientsTable {
  clinic_id: string;
  user_id: string;
  full_name: string;
  phone: string | null;
  email: string | null;
  birth_date: string | null;
  sex: 'female' | 'male' | 'other' | 'unknown' | null;
  notes: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
}

type Mode = 'in_person' | 'online';
type AppointmentStatus =
  | 'pending'
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
  patient_id: string;
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

export interface DB {
  users: UsersTable;
  identities: IdentitiesTable;
  sessions: SessionsTable;
  otp_challenges: OtpChallengesTable;
  rate_limits: RateLimitsTable;
  outbox: OutboxTable;
  clinics: ClinicsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  audit_events: AuditEventsTable;
  audit_heads: AuditHeadsTable;
  patients: PatientsTable;
  doctor_profiles: DoctorProfilesTable;
  rooms: RoomsTable;
  services: ServicesTable;
  doctor_services: DoctorServicesTable;
  work_rules: WorkRulesTable;
  schedule_exceptions: ScheduleExceptionsTable;
  appointments: AppointmentsTable;
  calendar_feeds: CalendarFeedsTable;
}
