import { type Kysely, sql } from 'kysely';
import { tenantTable } from '../../../platform/db/migrations/helpers.ts';

/** Largest logo the site keeps in the database (bytes): a small mark, not a photo. */
export const LOGO_MAX_BYTES = 256 * 1024;

/**
 * A clinic's public website profile: what `/c/{slug}` shows beyond the clinic's name (texts in
 * English and Arabic, address, map, phone, email, brand colour, logo, default language).
 * One row per clinic that has edited its site; none means an empty profile.
 *
 * The custom host name lives on `clinics`, beside the slug: it is how a request finds its tenant
 * before any tenant data can be read (`clinic_sites` is RLS-forced), and one global unique index
 * keeps two clinics from claiming one host. `site_version` bumps on every change, so the theme
 * and logo URLs that carry it can be cached for a year.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table clinic_sites (
      clinic_id uuid not null references clinics(id),
      tagline_en text not null default '' check (length(tagline_en) <= 200),
      tagline_ar text not null default '' check (length(tagline_ar) <= 200),
      about_en text not null default '' check (length(about_en) <= 4000),
      about_ar text not null default '' check (length(about_ar) <= 4000),
      address_line text not null default '' check (length(address_line) <= 300),
      city text not null default '' check (length(city) <= 100),
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      map_url text check (length(map_url) <= 2000 and map_url ~ '^https://'),
      phone text check (length(phone) <= 30),
      email text check (length(email) <= 254),
      brand_color text check (brand_color ~ '^#[0-9a-f]{6}$'),
      default_lang text check (default_lang in ('en', 'ar')),
      logo bytea check (octet_length(logo) <= ${sql.lit(LOGO_MAX_BYTES)}),
      logo_mime text check (logo_mime in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
      site_version int not null default 1,
      updated_at timestamptz not null,
      updated_by uuid references users(id),
      primary key (clinic_id),
      check ((logo is null) = (logo_mime is null)),
      check ((latitude is null) = (longitude is null))
    )`.execute(db);
  await tenantTable(db, 'clinic_sites', 'select, insert, update');

  // What the site says of a doctor beyond scheduling's profile: the specialty in Arabic.
  await sql`create table site_doctors (
      clinic_id uuid not null references clinics(id),
      doctor_id uuid not null references users(id),
      specialty_ar text not null default '' check (length(specialty_ar) <= 200),
      updated_at timestamptz not null,
      primary key (clinic_id, doctor_id)
    )`.execute(db);
  await tenantTable(db, 'site_doctors', 'select, insert, update, delete');

  await sql`alter table clinics add column custom_host text
      check (custom_host = lower(custom_host) and length(custom_host) <= 253
             and custom_host ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$')`.execute(db);
  await sql`create unique index clinics_custom_host on clinics (custom_host) where custom_host is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index clinics_custom_host`.execute(db);
  await sql`alter table clinics drop column custom_host`.execute(db);
  await sql`drop table site_doctors`.execute(db);
  await sql`drop table clinic_sites`.execute(db);
}
