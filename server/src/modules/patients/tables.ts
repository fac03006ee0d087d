import type { Timestamp } from '../../platform/db/schema.ts';

/** The patients module's tables (migrations 0002, 0008). */
export interface PatientsTable {
  clinic_id: string;
  /** This clinic's id for the record: what the API calls the patient's id. */
  id: string;
  /** The person (their phone identity), internal: never leaves the server. */
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

export interface PatientsTables {
  patients: PatientsTable;
}
