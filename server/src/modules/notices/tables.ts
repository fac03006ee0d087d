import type { Timestamp } from '../../platform/db/schema.ts';

/** The notices module's tables (migration 0015). */
export interface VisitLinksTable {
  clinic_id: string;
  id: string;
  appointment_id: string;
  token_hash: Buffer;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface AppointmentNoticesTable {
  clinic_id: string;
  appointment_id: string;
  lang: 'en' | 'ar';
  attendance_confirmed_at: Timestamp | null;
  call_patient_at: Timestamp | null;
  call_patient_cleared_at: Timestamp | null;
  call_patient_cleared_by: string | null;
}

export type NoticeKind = 'requested' | 'confirmed' | 'declined' | 'cancelled' | 'rescheduled' | 'reminder';

export interface AppointmentMessagesTable {
  clinic_id: string;
  outbox_id: string;
  appointment_id: string;
  kind: NoticeKind;
  channel: 'sms' | 'email';
  dedupe_key: string;
  created_at: Timestamp;
  /** The outbox id of the failed message this one replaces (the other channel). */
  fallback_of: string | null;
  /** When its failure was dealt with (a fallback sent, or the call flag raised). */
  handled_at: Timestamp | null;
  answer: 'confirmed' | 'cancelled' | null;
  answered_at: Timestamp | null;
}

export interface SmsReceiptsTable {
  outbox_id: string;
  status: 'delivered' | 'failed';
  detail: string | null;
  received_at: Timestamp;
}

export interface NoticesTables {
  visit_links: VisitLinksTable;
  appointment_notices: AppointmentNoticesTable;
  appointment_messages: AppointmentMessagesTable;
  sms_receipts: SmsReceiptsTable;
}
