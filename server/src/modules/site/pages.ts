import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { html } from './html.ts';
import { renderSitePage, SITE_CSS_PATH } from './layout.ts';
import { findSiteClinic } from './service.ts';
import { FRAME_WORDS, siteLangFor } from './words.ts';

const CSS = readFileSync(new URL('./site.css', import.meta.url), 'utf8');

export const slugParams = z.object({ slug: z.string().min(1).max(100) });
export const langQuery = z.object({ lang: z.string().max(5).optional() });

/** Pages are public and personal to nobody: a browser may keep them a minute. */
export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', status === 200 ? 'public, max-age=60' : 'no-store')
    .send(body);
}

/** A plain 404 for an unknown clinic (nothing of any clinic is said). */
export function sendUnknownClinic(reply: FastifyReply): FastifyReply {
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><html lang="en"><title>Not found</title><p>${FRAME_WORDS.en.notFound}</p></html>`);
}

export function registerSitePages(app: FastifyInstance, deps: AppDeps): void {
  app.get(SITE_CSS_PATH, { config: { access: { kind: 'public' } }, schema: { hide: true } }, (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get(
    '/c/:slug',
    {
      config: { access: { kind: 'public' } },
      schema: { hide: true, params: slugParams, querystring: langQuery },
    },
    async (request, reply) => {
      const { slug } = request.params as z.infer<typeof slugParams>;
      const clinic = await findSiteClinic(deps.db, slug);
      if (!clinic) return sendUnknownClinic(reply);
      const lang = siteLangFor((request.query as z.infer<typeof langQuery>).lang, clinic.locale);
      return sendPage(
        reply,
        renderSitePage({
          clinic,
          lang,
          title: clinic.name,
          path: request.url,
          body: html`<h1>${clinic.name}</h1>`,
        }),
      );
    },
  );
}
