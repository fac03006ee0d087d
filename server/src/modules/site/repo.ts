import { tablesOf } from '../../platform/db/tables.ts';
import type { ClinicTx, GlobalTx } from '../../platform/db/tenancy.ts';
import { conflict } from '../../platform/http/errors.ts';
import type { SchedulingTables } from '../scheduling/index.ts';
import type { SiteFields } from './schema.ts';
import type { SiteTables } from './tables.ts';

const dbOf = tablesOf<SiteTables & SchedulingTables>();

/** What a clinic's public pages know of it before any tenant data is read. */
export interface SiteClinic {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  locale: string;
  /** A suspended clinic's site says it is not taking bookings. */
  acceptingBookings: boolean;
  /** The clinic's own host name for its site, if it set one. */
  customHost?: string | null;
  /** The site profile's look (absent until read from the clinic's site row). */
  theme?: SiteTheme;
}

/** What every public page of a clinic shows of its profile: the colour and the logo. */
export interface SiteTheme {
  version: number;
  brandColor: string | null;
  hasLogo: boolean;
  defaultLang: 'en' | 'ar' | null;
}

const clinicColumns = [
  'id',
  'slug',
  'name',
  'time_zone',
  'currency',
  'locale',
  'status',
  'custom_host',
] as const;

function toSiteClinic(row: {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  currency: string;
  locale: string;
  status: 'active' | 'suspended';
  custom_host: string | null;
}): SiteClinic {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    currency: row.currency,
    locale: row.locale,
    acceptingBookings: row.status === 'active',
    customHost: row.custom_host,
  };
}

export async function clinicBySlug(tx: GlobalTx, slug: string): Promise<SiteClinic | undefined> {
  const row = await dbOf(tx)
    .selectFrom('clinics')
    .select(clinicColumns)
    .where('slug', '=', slug.toLowerCase())
    .executeTakeFirst();
  return row ? toSiteClinic(row) : undefined;
}

export async function clinicByHost(tx: GlobalTx, host: string): Promise<SiteClinic | undefined> {
  const row = await dbOf(tx)
    .selectFrom('clinics')
    .select(clinicColumns)
    .where('custom_host', '=', host)
    .executeTakeFirst();
  return row ? toSiteClinic(row) : undefined;
}

export type SiteRow = Awaited<ReturnType<typeof readSite>>;

/** The clinic's site row without the logo's bytes; undefined while it never edited its site. */
export async function readSite(tx: ClinicTx) {
  const row = await dbOf(tx)
    .selectFrom('clinic_sites')
    .select((eb) => [
      'tagline_en',
      'tagline_ar',
      'about_en',
      'about_ar',
      'address_line',
      'city',
      'latitude',
      'longitude',
      'map_url',
      'phone',
      'email',
      'brand_color',
      'default_lang',
      'logo_mime',
      'site_version',
      'updated_at',
      'updated_by',
      eb('logo', 'is not', null).as('has_logo'),
    ])
    .where('clinic_id', '=', tx.clinicId)
    .executeTakeFirst();
  return row && { ...row, has_logo: row.has_logo === true };
}

export async function readTheme(tx: ClinicTx): Promise<SiteTheme | undefined> {
  const row = await dbOf(tx)
    .selectFrom('clinic_sites')
    .select((eb) => [
      'site_version',
      'brand_color',
      'default_lang',
      eb('logo', 'is not', null).as('has_logo'),
    ])
    .where('clinic_id', '=', tx.clinicId)
    .executeTakeFirst();
  return row
    ? {
        version: row.site_version,
        brandColor: row.brand_color,
        hasLogo: row.has_logo === true,
        defaultLang: row.default_lang,
      }
    : undefined;
}

export async function readLogo(
  tx: ClinicTx,
): Promise<{ logo: Buffer; mime: string; version: number } | undefined> {
  const row = await dbOf(tx)
    .selectFrom('clinic_sites')
    .select(['logo', 'logo_mime', 'site_version'])
    .where('clinic_id', '=', tx.clinicId)
    .executeTakeFirst();
  if (!row?.logo || !row.logo_mime) return undefined;
  return { logo: Buffer.from(row.logo), mime: row.logo_mime, version: row.site_version };
}

export type SiteColumns = Omit<SiteFields, 'customHost' | 'doctors'>;

function columnsOf(f: SiteColumns) {
  return {
    tagline_en: f.taglineEn,
    tagline_ar: f.taglineAr,
    about_en: f.aboutEn,
    about_ar: f.aboutAr,
    address_line: f.addressLine,
    city: f.city,
    latitude: f.latitude,
    longitude: f.longitude,
    map_url: f.mapUrl,
    phone: f.phone,
    email: f.email,
    brand_color: f.brandColor,
    default_lang: f.defaultLang,
  };
}

export const EMPTY_SITE: SiteColumns = {
  taglineEn: '',
  taglineAr: '',
  aboutEn: '',
  aboutAr: '',
  addressLine: '',
  city: '',
  latitude: null,
  longitude: null,
  mapUrl: null,
  phone: null,
  email: null,
  brandColor: null,
  defaultLang: null,
};

/** Upserts the site's texts and look; every write bumps `site_version` (new theme and logo URLs). */
export async function writeSite(tx: ClinicTx, f: SiteColumns, by: string | null): Promise<void> {
  const values = columnsOf(f);
  await dbOf(tx)
    .insertInto('clinic_sites')
    .values({ clinic_id: tx.clinicId, ...values, site_version: 1, updated_at: tx.now, updated_by: by })
    .onConflict((c) =>
      c.column('clinic_id').doUpdateSet((eb) => ({
        ...values,
        site_version: eb('clinic_sites.site_version', '+', 1),
        updated_at: tx.now,
        updated_by: by,
      })),
    )
    .execute();
}

/** Sets (or with null, removes) the logo; the other fields keep their values. */
export async function writeLogo(
  tx: ClinicTx,
  logo: { bytes: Buffer; mime: string } | null,
  by: string | null,
): Promise<void> {
  const values = { logo: logo?.bytes ?? null, logo_mime: logo?.mime ?? null };
  await dbOf(tx)
    .insertInto('clinic_sites')
    .values({
      clinic_id: tx.clinicId,
      ...columnsOf(EMPTY_SITE),
      ...values,
      site_version: 1,
      updated_at: tx.now,
      updated_by: by,
    })
    .onConflict((c) =>
      c.column('clinic_id').doUpdateSet((eb) => ({
        ...values,
        site_version: eb('clinic_sites.site_version', '+', 1),
        updated_at: tx.now,
        updated_by: by,
      })),
    )
    .execute();
}

/** Sets the clinic's host name; another clinic's host is a 409 `host_taken` (unique index). */
export async function writeCustomHost(tx: ClinicTx, host: string | null): Promise<void> {
  await dbOf(tx)
    .updateTable('clinics')
    .set({ custom_host: host })
    .where('id', '=', tx.clinicId)
    .execute()
    .catch((err: unknown) => {
      const e = err as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'clinics_custom_host')
        throw conflict('host_taken', 'Another clinic uses this host name');
      throw err;
    });
}

/** The clinic's slug and host name, as its own transaction sees them. */
export async function clinicAddressOf(tx: ClinicTx): Promise<{ slug: string; customHost: string | null }> {
  const row = await dbOf(tx)
    .selectFrom('clinics')
    .select(['slug', 'custom_host'])
    .where('id', '=', tx.clinicId)
    .executeTakeFirstOrThrow();
  return { slug: row.slug, customHost: row.custom_host };
}

/** The public face of the clinic's active doctors (weekly hours come separately). */
export async function publicDoctors(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('doctor_profiles as p', (j) =>
      j.onRef('p.clinic_id', '=', 'm.clinic_id').onRef('p.user_id', '=', 'm.user_id'),
    )
    .leftJoin('site_doctors as sd', (j) =>
      j.onRef('sd.clinic_id', '=', 'm.clinic_id').onRef('sd.doctor_id', '=', 'm.user_id'),
    )
    .select(['m.user_id as id', 'u.name', 'p.specialty', 'p.photo_url', 'p.languages', 'sd.specialty_ar'])
    .where('m.clinic_id', '=', tx.clinicId)
    .where('m.role', '=', 'doctor')
    .where('m.status', '=', 'active')
    .orderBy('u.name')
    .orderBy('m.user_id')
    .execute();
}

export async function publicServices(tx: ClinicTx) {
  return dbOf(tx)
    .selectFrom('services')
    .select(['id', 'name', 'name_ar', 'duration_min', 'price_minor', 'mode'])
    .where('clinic_id', '=', tx.clinicId)
    .where('active', '=', true)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Every weekly rule of the given doctors (the site's opening hours are their union). */
export async function weeklyRules(tx: ClinicTx, doctorIds: string[]) {
  if (doctorIds.length === 0) return [];
  return dbOf(tx)
    .selectFrom('work_rules')
    .select(['doctor_id', 'weekday', 'start_min', 'end_min', 'mode'])
    .where('clinic_id', '=', tx.clinicId)
    .where('doctor_id', 'in', doctorIds)
    .execute();
}

/** Replaces the doctors' Arabic specialties (one row per doctor given; an empty text keeps a row). */
export async function writeDoctorTexts(tx: ClinicTx, doctors: { id: string; specialtyAr: string }[]) {
  for (const d of doctors) {
    const values = { specialty_ar: d.specialtyAr, updated_at: tx.now };
    await dbOf(tx)
      .insertInto('site_doctors')
      .values({ clinic_id: tx.clinicId, doctor_id: d.id, ...values })
      .onConflict((c) => c.columns(['clinic_id', 'doctor_id']).doUpdateSet(values))
      .execute();
  }
}
