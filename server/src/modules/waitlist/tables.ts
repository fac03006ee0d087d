import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.ts';
import type { OfferMode, OfferStatus, PartOfDay, WishSource, WishStatus } from './core.ts';

/** The waitlist's tables (migration 0016). */
export interface WaitlistWishesTable {
  clinic_id: string;
  id: string;
  patient_id: string;
  doctor_id: string | null;
  service_id: string | null;
  from_date: ColumnType<string, string, string>;
  to_date: ColumnType<string, string, string>;
  parts: ColumnType<PartOfDay[], PartOfDay[] | undefined, PartOfDay[]>;
  priority: Generated<number>;
  status: Generated<WishStatus>;
  source: Generated<WishSource>;
  note: string | null;
  appointment_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface WaitlistOffersTable {
  clinic_id: string;
  id: string;
  wish_id: string;
  doctor_id: string;
  service_id: string;
  starts_at: Date;
  slot_ends_at: Date;
  mode: OfferMode;
  hold_id: string | null;
  token_hash: Buffer;
  status: Generated<OfferStatus>;
  expires_at: Date;
  appointment_id: string | null;
  created_at: Timestamp;
  answered_at: Date | null;
}

export interface WaitlistTables {
  waitlist_wishes: WaitlistWishesTable;
  waitlist_offers: WaitlistOffersTable;
}
