import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { type CachedPage, pageCacheFor } from './cache.ts';
import { renderHome, siteAddressOf } from './home.ts';
import { renderSitePage, SITE_CSS_PATH } from './layout.ts';
import type { SiteClinic } from './repo.ts';
import {
  findSiteClinic,
  findSiteClinicByHost,
  loadSiteProfile,
  type SiteProfile,
  siteLogo,
} from './service.ts';
import { FRAME_WORDS, isSiteLang, type SiteLang, siteLangFor } from './words.ts';

const CSS = readFileSync(new URL('./site.css', import.meta.url), 'utf8');

export const slugParams = z.object({ slug: z.string().min(1).max(100) });
export const langQuery = z.object({ lang: z.string().max(5).optional() });
const logoQuery = z.object({ v: z.coerce.number().int().optional() });
const brandParams = z.object({ file: z.string().max(20) });

/** Pages are public and personal to nobody: a browser may keep them a minute. */
export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', status === 200 ? 'public, max-age=60' : 'no-store')
    .send(body);
}

/** A page from the page cache: gzip when the browser takes it, as is otherwise. */
export function sendCachedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage,
  type = 'text/html; charset=utf-8',
): FastifyReply {
  const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  reply.type(type).header('vary', 'accept-encoding');
  if (type.startsWith('text/html')) reply.header('cache-control', 'public, max-age=60');
  if (!gzip) return reply.send(page.body);
  return reply.header('content-encoding', 'gzip').send(page.gzip);
}

/** A plain 404 for an unknown clinic (nothing of any clinic is said). */
export function sendUnknownClinic(reply: FastifyReply): FastifyReply {
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><html lang="en"><title>Not found</title><p>${FRAME_WORDS.en.notFound}</p></html>`);
}

/** The language a visitor reads the site in: theirs if asked, else the clinic's site default, else its locale's. */
export function siteLangOf(asked: unknown, clinic: SiteClinic): SiteLang {
  return siteLangFor(asked, clinic.theme?.defaultLang ?? clinic.locale);
}

/** The home page's whole HTML for a profile (the live page and the owner's preview). */
export function renderHomePage(
  profile: SiteProfile,
  lang: SiteLang,
  path: string,
  publicUrl: string,
): string {
  const home = renderHome(profile, lang, siteAddressOf(profile, publicUrl));
  return renderSitePage({ clinic: profile.clinic, lang, path, ...home });
}

export function registerSitePages(app: FastifyInstance, deps: AppDeps): void {
  const home = homeRenderer(deps);

  app.get(SITE_CSS_PATH, { config: { access: { kind: 'public' } }, schema: { hide: true } }, (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get(
    '/c-assets/brand/:file',
    { config: { access: { kind: 'public' } }, schema: { hide: true, params: brandParams } },
    (request, reply) => {
      const m = /^([0-9a-f]{6})\.css$/.exec((request.params as z.infer<typeof brandParams>).file);
      if (!m) return sendUnknownClinic(reply);
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(`:root{--brand:#${m[1]}}\n`);
    },
  );

  app.get(
    '/c/:slug',
    {
      config: { access: { kind: 'public' } },
      schema: { hide: true, params: slugParams, querystring: langQuery },
    },
    async (request, reply) => {
      const slug = (request.params as z.infer<typeof slugParams>).slug.toLowerCase();
      const { lang } = request.query as z.infer<typeof langQuery>;
      const page = await home(`slug:${slug}`, () => findSiteClinic(deps.db, slug), lang, `/c/${slug}`);
      return page === undefined ? sendUnknownClinic(reply) : sendCachedPage(request, reply, page);
    },
  );

  app.get(
    '/c/:slug/logo',
    {
      config: { access: { kind: 'public' } },
      schema: { hide: true, params: slugParams, querystring: logoQuery },
    },
    async (request, reply) => {
      const { slug } = request.params as z.infer<typeof slugParams>;
      const clinic = await findSiteClinic(deps.db, slug);
      const logo = clinic && (await siteLogo(deps.db, clinic.id));
      if (!logo) return sendUnknownClinic(reply);
      // The URL names the version: the current one is kept for good, any other briefly.
      const current = (request.query as z.infer<typeof logoQuery>).v === logo.version;
      return reply
        .type(logo.mime)
        .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=60')
        .send(logo.logo);
    },
  );
}

/**
 * The home of a clinic found by `find`, rendered or from the page cache; undefined for no clinic.
 * Only a language the site has is part of the key, so odd `?lang=` values add no entries.
 */
function homeRenderer(deps: AppDeps) {
  const cache = pageCacheFor(deps.db, deps.clock);
  return (key: string, find: () => Promise<SiteClinic | undefined>, asked: unknown, path: string) => {
    const lang = isSiteLang(asked) ? asked : undefined;
    return cache.get(`${key}|${lang ?? ''}`, async () => {
      const clinic = await find();
      if (!clinic) return undefined;
      const profile = await loadSiteProfile(deps.db, clinic);
      const body = renderHomePage(profile, siteLangOf(lang, profile.clinic), path, deps.settings.publicUrl);
      return { clinicId: clinic.id, body };
    });
  };
}

/**
 * `/` on a clinic's own host name: its home page (the other pages stay at /c/{slug}/… on that
 * host). Undefined when no clinic has that host (the platform answers a plain 404).
 */
export function siteHostRoot(deps: AppDeps) {
  const home = homeRenderer(deps);
  return async (request: FastifyRequest, reply: FastifyReply, host: string) => {
    const { lang } = (request.query ?? {}) as { lang?: unknown };
    const page = await home(`host:${host}`, () => findSiteClinicByHost(deps.db, host), lang, '/');
    return page === undefined ? undefined : sendCachedPage(request, reply, page);
  };
}
