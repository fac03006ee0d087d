import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { notFound } from '../../platform/http/errors.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { clinicParams, problems, problemsWithConflict } from '../../platform/http/route-kit.ts';
import { pageCacheFor } from './cache.ts';
import { bookPath, mapUrlOf, siteAddressOf } from './home.ts';
import { renderHomePage, sendCachedPage, siteLangOf, slugParams } from './pages.ts';
import {
  logoBody,
  type PublicClinic,
  previewBody,
  publicClinicSchema,
  putSiteBody,
  siteSettingsSchema,
} from './schema.ts';
import * as site from './service.ts';

const tags = ['site'];

/** The owner's website editor (settings, logo, preview) and the public read API. */
export function registerSiteRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const publicUrl = deps.settings.publicUrl;
  const manage = { access: { kind: 'clinic', permission: 'site.manage' } } as const;
  const pages = pageCacheFor(db, deps.clock);

  r.get(
    '/clinics/:clinicId/site',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The clinic’s website settings (the owner)',
        params: clinicParams,
        response: { 200: siteSettingsSchema, ...problems },
      },
    },
    (req) => site.getSiteSettings(db, req.params.clinicId, req.actor, publicUrl),
  );

  r.put(
    '/clinics/:clinicId/site',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Replace the website settings: texts, address, contact, colour, language, host name',
        params: clinicParams,
        body: putSiteBody,
        response: { 200: siteSettingsSchema, ...problemsWithConflict },
      },
    },
    (req) => site.putSiteSettings(db, req.params.clinicId, req.actor, publicUrl, req.body),
  );

  r.put(
    '/clinics/:clinicId/site/logo',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set the logo (PNG, JPEG, WebP or GIF, told by its bytes; at most 256 KB)',
        params: clinicParams,
        body: logoBody,
        response: { 200: siteSettingsSchema, ...problems },
      },
    },
    (req) =>
      site.putSiteLogo(db, req.params.clinicId, req.actor, publicUrl, Buffer.from(req.body.image, 'base64')),
  );

  r.delete(
    '/clinics/:clinicId/site/logo',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove the logo',
        params: clinicParams,
        response: { 200: siteSettingsSchema, ...problems },
      },
    },
    (req) => site.deleteSiteLogo(db, req.params.clinicId, req.actor, publicUrl),
  );

  r.post(
    '/clinics/:clinicId/site/preview',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The home page as it would look with unsaved settings (HTML for the editor’s preview)',
        params: clinicParams,
        body: previewBody,
        response: { 200: z.object({ html: z.string() }).meta({ id: 'SitePreview' }), ...problems },
      },
    },
    async (req) => {
      const settings = await site.getSiteSettings(db, req.params.clinicId, req.actor, publicUrl);
      const clinic = await site.findSiteClinic(db, settings.slug);
      if (!clinic) throw notFound('Clinic');
      const { customHost, ...draft } = req.body.site;
      const profile = await site.loadSiteProfile(db, { ...clinic, customHost }, draft);
      return { html: renderHomePage(profile, req.body.lang, `/c/${clinic.slug}`, publicUrl) };
    },
  );

  r.get(
    '/public/clinics/:slug',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags,
        summary: 'A clinic’s public profile: what its website shows, doctors and services included',
        params: slugParams,
        response: { 200: publicClinicSchema, 404: problemSchema },
      },
    },
    async (req, reply) => {
      // Kept as JSON text in the page cache beside the pages (same TTL, dropped on the clinic's
      // writes): a busy site's API costs no database work per request.
      const slug = req.params.slug.toLowerCase();
      const page = await pages.get(`api:${slug}`, async () => {
        const clinic = await site.findSiteClinic(db, slug);
        if (!clinic) return undefined;
        const profile = publicClinicSchema.parse(
          publicClinic(await site.loadSiteProfile(db, clinic), publicUrl),
        );
        return { clinicId: clinic.id, body: JSON.stringify(profile) };
      });
      if (page === undefined) throw notFound('Clinic');
      // The text was validated against the schema when it was made: a string or a Buffer is sent as is.
      return sendCachedPage(req, reply, page, 'application/json; charset=utf-8');
    },
  );
}

function publicClinic(p: site.SiteProfile, publicUrl: string): PublicClinic {
  const c = p.clinic;
  const f = p.fields;
  const origin = new URL(publicUrl).origin;
  const bookable = c.acceptingBookings;
  return {
    slug: c.slug,
    name: c.name,
    lang: siteLangOf(undefined, c),
    acceptingBookings: bookable,
    timeZone: c.timeZone,
    currency: c.currency,
    tagline: { en: f.taglineEn, ar: f.taglineAr },
    about: { en: f.aboutEn, ar: f.aboutAr },
    address: { line: f.addressLine, city: f.city },
    mapUrl: mapUrlOf(p),
    phone: f.phone,
    email: f.email,
    brandColor: f.brandColor,
    logoUrl: p.hasLogo ? `${origin}${site.logoPath(c.slug, p.version)}` : null,
    siteUrl: siteAddressOf(p, publicUrl).base,
    hours: p.hours,
    doctors: p.doctors.map((d) => ({
      ...d,
      bookUrl: bookable ? `${origin}${bookPath(c.slug, 'en', { doctor: d.id })}` : null,
    })),
    services: p.services.map((s) => ({
      ...s,
      bookUrl: bookable ? `${origin}${bookPath(c.slug, 'en', { service: s.id })}` : null,
    })),
  };
}
