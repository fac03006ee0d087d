import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  findSiteClinic,
  html,
  langQuery,
  renderSitePage,
  type SiteClinic,
  type SiteLang,
  sendUnknownClinic,
  siteLangOf,
  slugParams,
} from '../site/index.ts';
import { CHECK_IN_WORDS } from './page-words.ts';
import { checkInAtDesk } from './public.ts';

/**
 * /c/{slug}/check-in: self check-in without JavaScript (a phone + the desk's code of the day),
 * the same use case as the API's; success redirects to the web app's live ticket page.
 */

const formBody = z.object({
  phone: z.string().trim().max(32).default(''),
  code: z.string().trim().max(10).default(''),
});

function send(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(body);
}

function formPage(clinic: SiteClinic, lang: SiteLang, phone = '', error?: string): string {
  const w = CHECK_IN_WORDS[lang];
  const q = lang === 'ar' ? '?lang=ar' : '';
  return renderSitePage({
    clinic,
    lang,
    title: `${w.title} · ${clinic.name}`,
    path: `/c/${clinic.slug}/check-in`,
    body: html`<h1>${w.title}</h1><p>${w.intro}</p>
${error ? html`<p class="notice" role="alert">${error}</p>` : ''}
<form method="post" action="/c/${clinic.slug}/check-in${q}" class="form waitlist-form">
<label>${w.phone}<input name="phone" type="tel" required maxlength="32" autocomplete="tel" dir="ltr" value="${phone}"></label>
<label>${w.code} <small id="code-hint">${w.codeHint}</small><input name="code" inputmode="numeric" pattern="[0-9]{4}" required maxlength="4" autocomplete="off" dir="ltr" aria-describedby="code-hint"></label>
<button class="button" type="submit">${w.send}</button>
</form>`,
  });
}

/** A form POST must come from our own pages: the Origin (or Referer) names this host or the public URL. */
function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const from = request.headers.origin ?? request.headers.referer;
  if (!from || from === 'null') return false;
  try {
    const host = new URL(from).host;
    return host === request.headers.host || host === new URL(publicUrl).host;
  } catch {
    return false;
  }
}

/** A form's fields (the body of a plain HTML form). */
function formFields(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

export function registerQueuePages(app: FastifyInstance, deps: AppDeps): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_r, body, done) => done(null, formFields(String(body))),
  );
  const config = { access: { kind: 'public' } } as const;
  const schema = { hide: true, params: slugParams, querystring: langQuery };
  const context = async (request: FastifyRequest) => {
    const clinic = await findSiteClinic(deps.db, (request.params as z.infer<typeof slugParams>).slug);
    if (!clinic) return undefined;
    return { clinic, lang: siteLangOf((request.query as z.infer<typeof langQuery>).lang, clinic) };
  };

  app.get('/c/:slug/check-in', { config, schema }, async (request, reply) => {
    const c = await context(request);
    if (!c) return sendUnknownClinic(reply);
    return send(reply, formPage(c.clinic, c.lang));
  });

  app.post('/c/:slug/check-in', { config, schema }, async (request, reply) => {
    const c = await context(request);
    if (!c) return sendUnknownClinic(reply);
    const w = CHECK_IN_WORDS[c.lang];
    // Another site's form must not check anyone in (nor spend their tries).
    if (!sameOrigin(request, deps.settings.publicUrl)) return send(reply, formPage(c.clinic, c.lang), 403);
    const body = formBody.safeParse(request.body ?? {});
    const phone = body.success ? body.data.phone : '';
    if (!body.success || !phone) return send(reply, formPage(c.clinic, c.lang, phone, w.invalidPhone), 400);
    try {
      const { ticketUrl } = await checkInAtDesk(deps, c.clinic.slug, body.data, request.ip);
      // The ticket page is the web app's; the path alone keeps the visitor on this host.
      return reply.redirect(new URL(ticketUrl).pathname, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const message =
        err.code === 'wrong_code'
          ? w.wrongCode
          : err.code === 'no_appointment_today'
            ? w.noAppointment
            : err.code === 'invalid_phone'
              ? w.invalidPhone
              : err.code === 'rate_limited'
                ? w.tooMany
                : w.noAppointment;
      if (err.status === 429) reply.header('retry-after', String(Number(err.extra.retryAfter ?? 60)));
      return send(reply, formPage(c.clinic, c.lang, phone, message), err.status);
    }
  });
}
