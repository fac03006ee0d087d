import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import {
  findSiteClinic,
  html,
  langQuery,
  renderSitePage,
  type SiteClinic,
  type SiteLang,
  sendUnknownClinic,
  siteLangOf,
} from '../site/index.ts';
import { type Lang, whenText } from './messages.ts';
import { type ClaimOutcome, claimOffer, declineOffer, viewOffer } from './offers.ts';
import { OFFER_WORDS } from './page-words.ts';
import { registerWaitlistForm } from './site-form.ts';

/** The claim page of a waitlist offer: /c/{slug}/waitlist/offer/{token}, "Take this time" / "No thanks". */

const offerParams = z.object({ slug: z.string().min(1).max(100), token: z.string().min(10).max(100) });
type OfferParams = z.infer<typeof offerParams>;

/** A page behind a personal link: never cached, never sent on as a referrer. */
function sendPrivate(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(body);
}

function facts(clinic: SiteClinic) {
  return { slug: clinic.slug, name: clinic.name, timeZone: clinic.timeZone, locale: clinic.locale };
}

function outcomePage(clinic: SiteClinic, lang: SiteLang, path: string, outcome: ClaimOutcome | 'notFound') {
  const words = OFFER_WORDS[lang];
  return renderSitePage({
    clinic,
    lang,
    title: `${words.title} · ${clinic.name}`,
    path,
    body: html`<h1>${words.title}</h1><p class="notice waitlist-${outcome}" role="status">${words[outcome]}</p>`,
  });
}

/** A form's fields; a name given more than once (checkboxes) becomes a list. */
function formFields(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const had = out[k];
    out[k] = had === undefined ? v : [...[had].flat(), v];
  }
  return out;
}

export function registerWaitlistPages(app: FastifyInstance, deps: AppDeps): void {
  // The claim buttons are plain forms (the page works without JavaScript); their bodies are empty.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_r, body, done) => done(null, formFields(String(body))),
  );
  registerWaitlistForm(app, deps);
  const config = { access: { kind: 'public' }, secrets: { params: ['token'] } } as const;
  const schema = { hide: true, params: offerParams, querystring: langQuery };

  app.get('/c/:slug/waitlist/offer/:token', { config, schema }, async (request, reply) => {
    const { slug, token } = request.params as OfferParams;
    const clinic = await findSiteClinic(deps.db, slug);
    if (!clinic) return sendUnknownClinic(reply);
    const lang = siteLangOf((request.query as z.infer<typeof langQuery>).lang, clinic);
    const offer = await viewOffer(deps.db, clinic.id, token);
    const path = `/c/${clinic.slug}/waitlist/offer/${token}`;
    if (!offer) return sendPrivate(reply, outcomePage(clinic, lang, path, 'notFound'), 404);
    const words = OFFER_WORDS[lang];
    if (!offer.open) {
      const outcome: ClaimOutcome =
        offer.status === 'claimed'
          ? 'booked'
          : offer.status === 'gone'
            ? 'taken'
            : offer.status === 'declined'
              ? 'declined'
              : 'lapsed';
      return sendPrivate(reply, outcomePage(clinic, lang, path, outcome));
    }
    const l: Lang = lang;
    const q = lang === 'ar' ? '?lang=ar' : '';
    const body = html`<h1>${words.title}</h1>
<p>${words.intro}</p>
<p class="waitlist-when"><strong>${whenText(offer.startsAt, facts(clinic), l)}</strong> ${words.with} ${offer.doctorName}</p>
<p class="waitlist-by">${words.answerBy} ${whenText(offer.expiresAt, facts(clinic), l)}</p>
<div class="waitlist-actions">
<form method="post" action="${path}/claim${q}"><button class="button" type="submit">${words.take}</button></form>
<form method="post" action="${path}/decline${q}"><button class="button secondary" type="submit">${words.noThanks}</button></form>
</div>`;
    return sendPrivate(
      reply,
      renderSitePage({ clinic, lang, title: `${words.title} · ${clinic.name}`, path, body }),
    );
  });

  for (const action of ['claim', 'decline'] as const) {
    app.post(`/c/:slug/waitlist/offer/:token/${action}`, { config, schema }, async (request, reply) => {
      const { slug, token } = request.params as OfferParams;
      const clinic = await findSiteClinic(deps.db, slug);
      if (!clinic) return sendUnknownClinic(reply);
      const lang = siteLangOf((request.query as z.infer<typeof langQuery>).lang, clinic);
      const path = `/c/${clinic.slug}/waitlist/offer/${token}`;
      const actor = { kind: 'public', userId: null, requestId: request.id, ip: request.ip } as const;
      const outcome =
        action === 'claim'
          ? await claimOffer(deps, clinic.id, token, actor)
          : await declineOffer(deps, clinic.id, token, actor);
      if (!outcome) return sendPrivate(reply, outcomePage(clinic, lang, path, 'notFound'), 404);
      // "Just taken" is a conflict: the page says so and suggests waiting for the next time.
      return sendPrivate(reply, outcomePage(clinic, lang, path, outcome), outcome === 'taken' ? 409 : 200);
    });
  }
}
