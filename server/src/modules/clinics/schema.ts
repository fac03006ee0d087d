import { z } from 'zod';
import { newPasswordSchema } from '../../platform/auth/password-policy.ts';
import { multiLine, singleLine } from '../../platform/http/text.ts';

/** Words that name parts of the product; a clinic's slug must not look like one of them. */
const RESERVED_SLUGS = new Set([
  'admin',
  'api',
  'app',
  'apps',
  'c',
  'docs',
  'static',
  'assets',
  'www',
  'demo-admin',
]);

/** An IANA zone name (Europe/Paris, UTC), as the runtime's time zone database knows it; no raw offsets. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling (`asia/tehran` → `Asia/Tehran`). */
export function canonicalTimeZone(value: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export function canonicalLocale(value: string): string {
  return Intl.getCanonicalLocales(value)[0]!;
}

export const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'must be 1–40 lowercase letters, digits or dashes, not starting or ending with a dash',
  )
  .refine((s) => !RESERVED_SLUGS.has(s), 'is reserved')
  .describe('The clinic’s address: its public site is /c/{slug}');

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris or America/New_York')
  .describe('IANA time zone, e.g. `Europe/Paris`; stored in its canonical spelling');

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as USD')
  .refine((c) => CURRENCIES.has(c), 'is not an ISO 4217 currency code')
  .describe('ISO 4217 code, e.g. `USD`');

export const localeSchema = z
  .string()
  .min(2)
  .max(35)
  .refine(isLocale, 'must be a language tag such as en, ar or fa-IR')
  .describe('BCP 47 language tag, e.g. `en`, `ar`, `fa-IR`');

export const createClinicBody = z.object({
  slug: slugSchema,
  name: singleLine({ max: 200 }),
  timeZone: timeZoneSchema,
  currency: currencySchema,
  locale: localeSchema,
  owner: z.object({
    email: z.email().max(320),
    name: singleLine({ max: 200 }),
    password: newPasswordSchema
      .optional()
      .describe(
        'For a NEW account only. Leave out to email the owner a link to choose their own password. ' +
          'Never applied to an existing account.',
      ),
  }),
});
export type CreateClinicInput = z.infer<typeof createClinicBody>;

export const clinicStatusSchema = z.enum(['active', 'suspended']);

export const clinicSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    locale: z.string(),
    status: clinicStatusSchema,
    suspendedAt: z.string().nullable(),
    suspendedReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Clinic' });

export const ownerSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
});

export const createClinicResponse = z.object({
  clinic: clinicSchema,
  owner: ownerSchema.extend({
    newAccount: z
      .boolean()
      .describe('false when an existing account was made owner (its password is untouched)'),
    passwordSetupSent: z
      .boolean()
      .describe('true when a link to choose their password was emailed to the owner (and only to them)'),
    status: z
      .enum(['active', 'invited'])
      .describe(
        '`invited`: the email has an account that was never verified, so the owner role waits until ' +
          'the person accepts the emailed link (proving they hold the email); no password was applied',
      ),
  }),
});

export const clinicDetailSchema = clinicSchema.extend({ owners: z.array(ownerSchema) });

export const listClinicsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.uuid().optional().describe('`nextCursor` of the previous page'),
  status: clinicStatusSchema.optional(),
  q: singleLine({ max: 100 }).optional().describe('Part of the slug or the name'),
});

export const listClinicsResponse = z.object({
  items: z.array(clinicSchema),
  nextCursor: z.string().nullable(),
});

export const suspendBody = z.object({ reason: multiLine({ min: 1, max: 500 }) });
/** Optional: a reactivation may be posted with no body at all. */
export const reactivateBody = z.object({ reason: multiLine({ min: 1, max: 500 }).optional() }).nullish();
