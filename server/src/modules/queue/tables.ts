import type { Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';
import type { EntrySource, EntryState } from './core.ts';

/** The queue's tables (migration 0018). */
export interface QueueEntriesTable {
  clinic_id: string;
  id: string;
  /** The clinic-local date of the queue (YYYY-MM-DD). */
  day: string;
  ticket: number;
  appointment_id: string;
  doctor_id: string;
  patient_id: string;
  service_id: string;
  state: Generated<EntryState>;
  rank: number;
  urgent: Generated<boolean>;
  source: EntrySource;
  arrived_at: Date;
  called_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  checked_out_at: Date | null;
  left_at: Date | null;
  first_estimate_at: Date | null;
  ticket_token_hash: Buffer;
  next_sms_sent_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QueueDisplaysTable {
  clinic_id: string;
  id: string;
  name: string;
  token_hash: Buffer;
  chime: Generated<boolean>;
  created_at: Timestamp;
  created_by: string | null;
  revoked_at: Date | null;
}

export interface QueueTables {
  queue_entries: QueueEntriesTable;
  queue_displays: QueueDisplaysTable;
}
