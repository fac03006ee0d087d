import type { Json, Timestamp } from '../../platform/db/schema.ts';

/** The staff module's tables (created by the platform's foundation migration, 0001, before modules had migrations). */
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
  /** A doctor's prepared set-up (scheduling's DoctorSetup), applied when they accept (migration 0012). */
  doctor_setup: Json | null;
}

export interface StaffTables {
  invitations: InvitationsTable;
}
