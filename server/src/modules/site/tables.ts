import type { Timestamp } from '../../platform/db/schema.ts';

/** The site's table (migration 0013_site). */
export interface ClinicSitesTable {
  clinic_id: string;
  tagline_en: string;
  tagline_ar: string;
  about_en: string;
  about_ar: string;
  address_line: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
  map_url: string | null;
  phone: string | null;
  email: string | null;
  brand_color: string | null;
  default_lang: 'en' | 'ar' | null;
  logo: Buffer | null;
  logo_mime: string | null;
  site_version: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface SiteDoctorsTable {
  clinic_id: string;
  doctor_id: string;
  specialty_ar: string;
  updated_at: Timestamp;
}

/** The column 0013 adds to the platform's `clinics`: a clinic's own host name for its site. */
export interface ClinicsHostColumn {
  custom_host: string | null;
}

export interface SiteTables {
  clinic_sites: ClinicSitesTable;
  site_doctors: SiteDoctorsTable;
  clinics: ClinicsHostColumn;
}
