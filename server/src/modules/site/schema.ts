import { z } from 'zod';
import { multiLine, singleLine } from '../../platform/http/text.ts';
import { SITE_LANGS } from './words.ts';

/** Zod schemas of the site's API: the owner's editor and the public read API. */

const brandColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #0b7285')
  .toLowerCase();

/** A host name the clinic points at us: lower case, dotted labels, a top-level name of letters. */
export const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const customHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(HOST_RE, 'a host name like www.example-clinic.com');

const httpsUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => u.startsWith('https://'), 'an https:// link');

export const siteFieldsSchema = z.object({
  taglineEn: singleLine({ min: 0, max: 200 }),
  taglineAr: singleLine({ min: 0, max: 200 }),
  aboutEn: multiLine({ max: 4000 }),
  aboutAr: multiLine({ max: 4000 }),
  addressLine: singleLine({ min: 0, max: 300 }),
  city: singleLine({ min: 0, max: 100 }),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  mapUrl: httpsUrl
    .nullable()
    .describe('A map link; without it, latitude/longitude give an OpenStreetMap link'),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'a phone number like +971 4 555 0100')
    .nullable(),
  email: z.string().trim().toLowerCase().max(254).email().nullable(),
  brandColor: brandColor.nullable(),
  defaultLang: z.enum(SITE_LANGS).nullable().describe('null: the clinic’s locale decides'),
  customHost: customHost.nullable().describe('The clinic’s own host name for its site (served at /)'),
  doctors: z
    .array(z.object({ id: z.string().uuid().toLowerCase(), specialtyAr: singleLine({ min: 0, max: 200 }) }))
    .max(500)
    .describe('What the site says of each doctor beyond their profile: the specialty in Arabic'),
});

export type SiteFields = z.infer<typeof siteFieldsSchema>;

export const putSiteBody = siteFieldsSchema
  .strict()
  .refine((b) => (b.latitude === null) === (b.longitude === null), {
    message: 'give both latitude and longitude, or neither',
    path: ['longitude'],
  });

export const siteSettingsSchema = siteFieldsSchema
  .extend({
    doctors: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        specialty: z.string().nullable().describe('From the doctor’s profile (set-up page)'),
        specialtyAr: z.string(),
      }),
    ),
    slug: z.string(),
    siteUrl: z.string().describe('Where the site is: /c/{slug} under the app’s public URL'),
    logoUrl: z.string().nullable(),
    siteVersion: z.number().int(),
    updatedAt: z.string().nullable().describe('null while the clinic never edited its site'),
  })
  .meta({ id: 'SiteSettings' });

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const previewBody = z
  .object({ site: putSiteBody, lang: z.enum(SITE_LANGS) })
  .strict()
  .meta({ id: 'SitePreviewRequest' });

export const logoBody = z
  .object({ image: z.base64().max(400_000).describe('The image, base64: PNG, JPEG, WebP or GIF, ≤ 256 KB') })
  .strict();

const hoursSchema = z.object({
  weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 Monday … 7 Sunday'),
  open: z.array(z.object({ from: z.string(), to: z.string() })).describe('Local HH:MM; empty: closed'),
});

export const publicClinicSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    lang: z.enum(SITE_LANGS).describe('The clinic’s default site language'),
    acceptingBookings: z.boolean(),
    timeZone: z.string(),
    currency: z.string(),
    tagline: z.object({ en: z.string(), ar: z.string() }),
    about: z.object({ en: z.string(), ar: z.string() }),
    address: z.object({ line: z.string(), city: z.string() }),
    mapUrl: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    brandColor: z.string().nullable(),
    logoUrl: z.string().nullable(),
    siteUrl: z.string(),
    hours: z.array(hoursSchema).describe('Per weekday, when at least one doctor works (weekly hours)'),
    doctors: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        specialty: z.string().nullable(),
        specialtyAr: z.string().nullable(),
        photoUrl: z.string().nullable(),
        languages: z.array(z.string()),
        bookUrl: z.string().nullable(),
      }),
    ),
    services: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        nameAr: z.string().nullable(),
        durationMin: z.number().int(),
        priceMinor: z.number().int(),
        mode: z.enum(['in_person', 'online']),
        bookUrl: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'PublicClinic' });

export type PublicClinic = z.infer<typeof publicClinicSchema>;
