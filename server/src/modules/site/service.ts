import type { Actor, Database } from '../../platform/db/database.ts';
import { type ClinicTx, withClinic, withGlobal } from '../../platform/db/tenancy.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { type DayHours, openingHours } from './hours.ts';
import { sniffImage } from './logo.ts';
import { LOGO_MAX_BYTES } from './migrations/0013_site.ts';
import type { SiteClinic, SiteColumns } from './repo.ts';
import * as repo from './repo.ts';
import type { SiteFields, SiteSettings } from './schema.ts';

const publicActor: Actor = { kind: 'public', userId: null };

/** The clinic a public page is about, by its slug (any case), with its site's look; undefined for none. */
export async function findSiteClinic(db: Database, slug: string): Promise<SiteClinic | undefined> {
  const clinic = await withGlobal(db, publicActor, (tx) => repo.clinicBySlug(tx, slug));
  return clinic && withTheme(db, clinic);
}

/** The clinic whose own host name this is (lower case, no port); undefined for none. */
export async function findSiteClinicByHost(db: Database, host: string): Promise<SiteClinic | undefined> {
  const clinic = await withGlobal(db, publicActor, (tx) => repo.clinicByHost(tx, host));
  return clinic && withTheme(db, clinic);
}

async function withTheme(db: Database, clinic: SiteClinic): Promise<SiteClinic> {
  const theme = await withClinic(db, clinic.id, publicActor, (tx) => repo.readTheme(tx));
  return theme ? { ...clinic, theme } : clinic;
}

/** Everything the home page and the public read API show of a clinic. */
export interface SiteProfile {
  clinic: SiteClinic;
  fields: SiteColumns;
  hasLogo: boolean;
  version: number;
  doctors: {
    id: string;
    name: string;
    specialty: string | null;
    specialtyAr: string | null;
    photoUrl: string | null;
    languages: string[];
  }[];
  services: {
    id: string;
    name: string;
    nameAr: string | null;
    durationMin: number;
    priceMinor: number;
    mode: 'in_person' | 'online';
  }[];
  hours: DayHours[];
}

/** Reads a clinic's whole public profile in one transaction; `draft` replaces the saved texts (preview). */
export function loadSiteProfile(
  db: Database,
  clinic: SiteClinic,
  draft?: SiteColumns & { doctors: { id: string; specialtyAr: string }[] },
): Promise<SiteProfile> {
  return withClinic(db, clinic.id, publicActor, async (tx) => {
    const site = await repo.readSite(tx);
    const doctors = await repo.publicDoctors(tx);
    const services = await repo.publicServices(tx);
    const rules = await repo.weeklyRules(
      tx,
      doctors.map((d) => d.id),
    );
    const { doctors: draftDoctors, ...draftFields } = draft ?? { doctors: undefined };
    const fields = draft ? (draftFields as SiteColumns) : site ? fieldsOf(site) : repo.EMPTY_SITE;
    const arOf = new Map(draftDoctors?.map((d) => [d.id, d.specialtyAr]));
    const version = site?.site_version ?? 0;
    const hasLogo = site?.has_logo ?? false;
    return {
      clinic: {
        ...clinic,
        theme: { version, brandColor: fields.brandColor, hasLogo, defaultLang: fields.defaultLang },
      },
      fields,
      hasLogo,
      version,
      doctors: doctors.map((d) => ({
        id: d.id,
        name: d.name,
        specialty: d.specialty,
        specialtyAr: (draftDoctors ? arOf.get(d.id) : d.specialty_ar) || null,
        photoUrl: d.photo_url,
        languages: d.languages ?? [],
      })),
      services: services.map((s) => ({
        id: s.id,
        name: s.name,
        nameAr: s.name_ar,
        durationMin: s.duration_min,
        priceMinor: s.price_minor,
        mode: s.mode,
      })),
      hours: openingHours(
        doorHours(rules).map((r) => ({ weekday: r.weekday, start: r.start_min, end: r.end_min })),
      ),
    };
  });
}

/**
 * The hours the door is open: in-person work only (an online evening is not a time to walk in),
 * unless the clinic works online only, when its online hours are its hours.
 */
function doorHours<R extends { mode: 'in_person' | 'online' }>(rules: R[]): R[] {
  const inPerson = rules.filter((r) => r.mode === 'in_person');
  return inPerson.length > 0 ? inPerson : rules;
}

function fieldsOf(site: NonNullable<repo.SiteRow>): SiteColumns {
  return {
    taglineEn: site.tagline_en,
    taglineAr: site.tagline_ar,
    aboutEn: site.about_en,
    aboutAr: site.about_ar,
    addressLine: site.address_line,
    city: site.city,
    latitude: site.latitude,
    longitude: site.longitude,
    mapUrl: site.map_url,
    phone: site.phone,
    email: site.email,
    brandColor: site.brand_color,
    defaultLang: site.default_lang,
  };
}

/** The path of a clinic's logo: the version in it lets browsers keep it for a year. */
export const logoPath = (slug: string, version: number) => `/c/${slug}/logo?v=${version}`;

/** The owner's view of the site's settings. */
export function getSiteSettings(
  db: Database,
  clinicId: string,
  actor: Actor,
  publicUrl: string,
): Promise<SiteSettings> {
  return withClinic(db, clinicId, actor, (tx) => settingsIn(tx, publicUrl));
}

async function settingsIn(tx: ClinicTx, publicUrl: string): Promise<SiteSettings> {
  const site = await repo.readSite(tx);
  const { slug, customHost } = await repo.clinicAddressOf(tx);
  const fields = site ? fieldsOf(site) : repo.EMPTY_SITE;
  const doctors = (await repo.publicDoctors(tx)).map((d) => ({
    id: d.id,
    name: d.name,
    specialty: d.specialty,
    specialtyAr: d.specialty_ar ?? '',
  }));
  return {
    ...fields,
    doctors,
    customHost,
    slug: slug,
    siteUrl: `${publicUrl.replace(/\/$/, '')}/c/${slug}`,
    logoUrl: site?.has_logo ? logoPath(slug, site.site_version) : null,
    siteVersion: site?.site_version ?? 0,
    updatedAt: site ? new Date(site.updated_at).toISOString() : null,
  };
}

/** Replaces the site's settings (the owner); audited with what changed. */
export function putSiteSettings(
  db: Database,
  clinicId: string,
  actor: Actor,
  publicUrl: string,
  input: SiteFields,
): Promise<SiteSettings> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const before = await settingsIn(tx, publicUrl);
    const { customHost, doctors, ...fields } = input;
    await repo.writeSite(tx, fields, actor.userId);
    const known = new Set(before.doctors.map((d) => d.id));
    const unknown = doctors.find((d) => !known.has(d.id));
    if (unknown)
      throw badRequest('unknown_doctor', 'No such doctor in this clinic', { doctorId: unknown.id });
    await repo.writeDoctorTexts(tx, doctors);
    if (customHost !== before.customHost) await repo.writeCustomHost(tx, customHost);
    const changed: string[] = (Object.keys(fields) as (keyof SiteColumns)[]).filter(
      (k) => fields[k] !== before[k],
    );
    if (customHost !== before.customHost) changed.push('customHost');
    const ar = new Map(before.doctors.map((d) => [d.id, d.specialtyAr]));
    if (doctors.some((d) => ar.get(d.id) !== d.specialtyAr)) changed.push('doctors');
    await tx.audit({
      action: 'site.updated',
      entityType: 'clinic',
      entityId: clinicId,
      data: { changed, customHost: { before: before.customHost, after: customHost } },
    });
    return settingsIn(tx, publicUrl);
  });
}

/** Sets the logo from uploaded bytes: a PNG, JPEG, WebP or GIF by its first bytes, ≤ 256 KB. */
export function putSiteLogo(
  db: Database,
  clinicId: string,
  actor: Actor,
  publicUrl: string,
  bytes: Buffer,
): Promise<SiteSettings> {
  if (bytes.length === 0 || bytes.length > LOGO_MAX_BYTES)
    throw badRequest('logo_too_large', `A logo must be an image of at most ${LOGO_MAX_BYTES / 1024} KB`);
  const mime = sniffImage(bytes);
  if (!mime) throw badRequest('logo_type', 'A logo must be a PNG, JPEG, WebP or GIF image');
  return withClinic(db, clinicId, actor, async (tx) => {
    await repo.writeLogo(tx, { bytes, mime }, actor.userId);
    await tx.audit({
      action: 'site.logo_set',
      entityType: 'clinic',
      entityId: clinicId,
      data: { mime, bytes: bytes.length },
    });
    return settingsIn(tx, publicUrl);
  });
}

export function deleteSiteLogo(
  db: Database,
  clinicId: string,
  actor: Actor,
  publicUrl: string,
): Promise<SiteSettings> {
  return withClinic(db, clinicId, actor, async (tx) => {
    await repo.writeLogo(tx, null, actor.userId);
    await tx.audit({ action: 'site.logo_removed', entityType: 'clinic', entityId: clinicId, data: {} });
    return settingsIn(tx, publicUrl);
  });
}

/** A clinic's logo bytes for the public URL; undefined when it has none. */
export function siteLogo(db: Database, clinicId: string) {
  return withClinic(db, clinicId, publicActor, (tx) => repo.readLogo(tx));
}
