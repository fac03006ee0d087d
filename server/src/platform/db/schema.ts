import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the platform's tables. Keep in step with migrations/. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json = ColumnType<unknown, string, string>;

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
  /** When the session passed the second factor (migration 0009); null: password or SMS code only. */
  mfa_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: Buffer;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  ip: string | null;
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

/** Migration 0009. `secret_enc`, `code_hash` and `token_hash` are write-only for the app role. */
export interface UserMfaTable {
  user_id: string;
  secret_enc: Buffer;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  last_used_step: ColumnType<string | null, number | string | null, number | string | null>;
}

export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface MfaChallengesTable {
  id: string;
  token_hash: Buffer;
  user_id: string;
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
  staff_mfa_required: Generated<boolean>;
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

export interface JobsTable {
  /** The nil UUID for a platform job (PLATFORM_JOBS). */
  clinic_id: string;
  id: string;
  name: string;
  payload: Json;
  idempotency_key: string | null;
  status: Generated<'pending' | 'done' | 'dead'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: number | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_token: string | null;
  lease_until: Timestamp | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface JobSchedulesTable {
  name: string;
  spec: string;
  next_run_at: Timestamp;
  last_run_at: Timestamp | null;
  last_owner: string | null;
}

/** A live topic's last number (platform/live). */
export interface LiveTopicsTable {
  clinic_id: string;
  topic: string;
  last_seq: number;
}

/** What `tx.emitLive` wrote, kept for replay to clients that reconnect. */
export interface LiveEventsTable {
  clinic_id: string;
  topic: string;
  seq: number;
  type: string;
  data: Json;
  at: Timestamp;
}

/** The platform's own tables. Each module declares its tables in its manifest (`tables.ts`). */
export interface PlatformDB {
  users: UsersTable;
  identities: IdentitiesTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  otp_challenges: OtpChallengesTable;
  user_mfa: UserMfaTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  rate_limits: RateLimitsTable;
  outbox: OutboxTable;
  clinics: ClinicsTable;
  memberships: MembershipsTable;
  audit_events: AuditEventsTable;
  audit_heads: AuditHeadsTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  live_topics: LiveTopicsTable;
  live_events: LiveEventsTable;
}
