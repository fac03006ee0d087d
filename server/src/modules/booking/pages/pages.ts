import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { equalBytes, hmac } from '../../../platform/auth/crypto.ts';
import type { AppDeps } from '../../../platform/deps.ts';
import { AppError } from '../../../platform/http/errors.ts';
import {
  findSiteClinic,
  type Html,
  html,
  renderSitePage,
  type SiteClinic,
  type SiteLang,
  sendUnknownClinic,
  siteLangOf,
} from '../../site/index.ts';
import { visitorOf } from '../public/routes.ts';
import * as booking from '../public/service.ts';
import { BOOK_WORDS, type BookWords, formatAt } from './words.ts';

/**
 * The booking pages at /c/{slug}/book…: plain links up to the list of times (no JavaScript
 * anywhere), then forms that POST. A hold's secret lives in an HttpOnly cookie scoped to the
 * booking pages; each form also carries a token derived from it (CSRF), and Origin is checked.
 */

type Q = Record<string, string | undefined>;
const UUID = /^[0-9a-f-]{36}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Page {
  clinic: SiteClinic;
  lang: SiteLang;
  w: BookWords;
  base: string;
  /** `?lang=ar` or '' */
  lq: string;
}

function send(reply: FastifyReply, p: Page, path: string, title: string, body: Html, status = 200) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      renderSitePage({ clinic: p.clinic, lang: p.lang, title: `${title} · ${p.clinic.name}`, path, body }),
    );
}

const cookieName = (holdId: string) => `bk_${holdId.replace(/-/g, '')}`;

export function registerBookingPages(app: FastifyInstance, deps: AppDeps): void {
  const pub = { db: deps.db, outbox: deps.outbox, appSecret: deps.settings.appSecret };
  const access = { access: { kind: 'public' } } as const;
  const cfg = { config: access, schema: { hide: true } };
  const csrfOf = (holdId: string, secret: string) =>
    hmac(deps.settings.appSecret, `booking-form:${holdId}:${secret}`).toString('base64url');
  const publicOrigin = new URL(deps.settings.publicUrl).origin;

  // Forms post urlencoded; this scope alone parses them.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  async function pageOf(req: FastifyRequest, reply: FastifyReply): Promise<Page | null> {
    const { slug } = req.params as { slug: string };
    const clinic = slug.length <= 100 ? await findSiteClinic(deps.db, slug) : undefined;
    if (!clinic) {
      sendUnknownClinic(reply);
      return null;
    }
    const q = (req.query ?? {}) as Q;
    const body = (req.body ?? {}) as Q;
    const lang = siteLangOf(q.lang ?? body.lang, clinic);
    return {
      clinic,
      lang,
      w: BOOK_WORDS[lang],
      base: `/c/${clinic.slug}/book`,
      lq: lang === 'ar' ? '?lang=ar' : '',
    };
  }

  /**
   * A cross-site form post is refused: by Sec-Fetch-Site when the browser sends it, else by Origin.
   * `Origin: null` (what Chromium sends under the app's no-referrer policy) and no Origin pass on
   * to the form token, which is what binds a post to its hold.
   */
  function sameOrigin(req: FastifyRequest): boolean {
    if (req.headers['sec-fetch-site'] === 'cross-site') return false;
    const origin = req.headers.origin;
    if (!origin || origin === 'null') return true;
    return origin === publicOrigin || origin === `${req.protocol}://${req.headers.host}`;
  }

  function failure(reply: FastifyReply, p: Page, path: string, err: unknown) {
    if (!(err instanceof AppError)) throw err;
    const retry = Number(err.extra.retryAfter ?? 0);
    if (err.status === 429) reply.header('retry-after', String(retry || 60));
    const text =
      err.status === 429
        ? p.w.limited(retry || 60)
        : err.code === 'hold_expired'
          ? p.w.expired
          : err.status === 404
            ? p.w.forbidden
            : p.w.problem;
    return send(
      reply,
      p,
      path,
      p.w.book,
      html`<p class="notice" role="alert">${text}</p><p><a class="button" href="${p.base}${p.lq}">${p.w.book}</a></p>`,
      err.status,
    );
  }

  app.get('/c/:slug/book', cfg, async (req, reply) => {
    const p = await pageOf(req, reply);
    if (!p) return reply;
    const { services } = await booking.publicCatalog(deps.db, p.clinic);
    const items = services.map(
      (s) => html`<li><a class="choice" href="${p.base}/s/${s.id}${p.lq}">
<strong>${p.lang === 'ar' && s.nameAr ? s.nameAr : s.name}</strong>
<span>${p.w.minutes(s.durationMin)}${s.requiresApproval ? html` · ${p.w.needsApproval}` : ''}</span></a></li>`,
    );
    const body = html`<h1>${p.w.chooseService}</h1>${
      items.length ? html`<ul class="choices">${items}</ul>` : html`<p>${p.w.noServices}</p>`
    }`;
    return send(reply, p, req.url, p.w.book, body);
  });

  app.get('/c/:slug/book/s/:serviceId', cfg, async (req, reply) => {
    const p = await pageOf(req, reply);
    if (!p) return reply;
    const { serviceId } = req.params as { serviceId: string };
    if (!UUID.test(serviceId)) return sendUnknownClinic(reply);
    try {
      const { items } = await booking.publicDoctors(deps.db, p.clinic, serviceId.toLowerCase());
      const links = [
        html`<li><a class="choice" href="${p.base}/s/${serviceId}/d/any${p.lq}"><strong>${p.w.anyDoctor}</strong></a></li>`,
        ...items.map(
          (d) => html`<li><a class="choice" href="${p.base}/s/${serviceId}/d/${d.id}${p.lq}">
<strong>${d.name}</strong>${d.specialty ? html`<span>${d.specialty}</span>` : ''}</a></li>`,
        ),
      ];
      const body = html`<p><a href="${p.base}${p.lq}">${p.w.back}</a></p><h1>${p.w.chooseDoctor}</h1><ul class="choices">${links}</ul>`;
      return send(reply, p, req.url, p.w.chooseDoctor, body);
    } catch (err) {
      return failure(reply, p, req.url, err);
    }
  });

  app.get('/c/:slug/book/s/:serviceId/d/:doctorId', cfg, async (req, reply) => {
    const p = await pageOf(req, reply);
    if (!p) return reply;
    const { serviceId, doctorId } = req.params as { serviceId: string; doctorId: string };
    const from = (req.query as Q).from;
    if (!UUID.test(serviceId) || !(doctorId === 'any' || UUID.test(doctorId)))
      return sendUnknownClinic(reply);
    try {
      const { days } = await booking.publicDays(deps.db, p.clinic, deps.clock.now(), {
        serviceId: serviceId.toLowerCase(),
        doctorId: doctorId.toLowerCase(),
        from: from && DATE.test(from) ? from : undefined,
      });
      const here = `${p.base}/s/${serviceId}/d/${doctorId}`;
      const items = days.map((d) => {
        const label = formatAt(p.lang, 'UTC', `${d.date}T12:00:00Z`, 'day');
        return d.free > 0
          ? html`<li><a class="choice" href="${here}/${d.date}${p.lq}"><strong>${label}</strong><span>${p.w.free(d.free)}</span></a></li>`
          : html`<li><span class="choice off"><strong>${label}</strong><span>${p.w.closed}</span></span></li>`;
      });
      const last = days[days.length - 1]?.date;
      const next = last
        ? new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
        : null;
      const body = html`<p><a href="${p.base}/s/${serviceId}${p.lq}">${p.w.back}</a></p><h1>${p.w.chooseDay}</h1>
<ul class="choices days">${items}</ul>
${next ? html`<p><a class="button" href="${here}?from=${next}${p.lang === 'ar' ? '&lang=ar' : ''}">${p.w.later}</a></p>` : ''}`;
      return send(reply, p, req.url, p.w.chooseDay, body);
    } catch (err) {
      return failure(reply, p, req.url, err);
    }
  });

  app.get('/c/:slug/book/s/:serviceId/d/:doctorId/:date', cfg, async (req, reply) => {
    const p = await pageOf(req, reply);
    if (!p) return reply;
    const { serviceId, doctorId, date } = req.params as { serviceId: string; doctorId: string; date: string };
    if (!UUID.test(serviceId) || !(doctorId === 'any' || UUID.test(doctorId)) || !DATE.test(date))
      return sendUnknownClinic(reply);
    const q = req.query as Q;
    try {
      const { slots } = await booking.publicSlots(deps.db, p.clinic, {
        serviceId: serviceId.toLowerCase(),
        doctorId: doctorId.toLowerCase(),
        date,
      });
      // "First available": one button per time (the first doctor free then is given it).
      const seen = new Set<string>();
      const shown = doctorId === 'any' ? slots.filter((s) => !seen.has(s.start) && seen.add(s.start)) : slots;
      const forms = shown.map(
        (s) => html`<li><form method="post" action="${p.base}/hold">
<input type="hidden" name="serviceId" value="${serviceId}"><input type="hidden" name="doctorId" value="${doctorId === 'any' ? 'any' : s.doctorId}">
<input type="hidden" name="startsAt" value="${s.start}"><input type="hidden" name="lang" value="${p.lang}">
<button class="slot${s.recommended ? ' best' : ''}" type="submit">${formatAt(p.lang, p.clinic.timeZone, s.start, 'time')}${
          s.recommended ? html` <small>${p.w.recommended}</small>` : ''
        }${doctorId === 'any' ? '' : html` <small>${s.doctorName}</small>`}</button></form></li>`,
      );
      const body = html`<p><a href="${p.base}/s/${serviceId}/d/${doctorId}${p.lq}">${p.w.back}</a></p>
${q.taken ? html`<p class="notice" role="alert">${p.w.taken}</p>` : ''}
${q.expired ? html`<p class="notice" role="alert">${p.w.expired}</p>` : ''}
<h1>${p.w.chooseTime}</h1><p>${formatAt(p.lang, 'UTC', `${date}T12:00:00Z`, 'day')}</p>
${forms.length ? html`<ul class="slots">${forms}</ul>` : html`<p>${p.w.noTimes}</p>`}`;
      return send(reply, p, req.url, p.w.chooseTime, body);
    } catch (err) {
      return failure(reply, p, req.url, err);
    }
  });

  app.post('/c/:slug/book/hold', cfg, async (req, reply) => {
    const p = await pageOf(req, reply);
    if (!p) return reply;
    if (!sameOrigin(req)) return failure(reply, p, req.url, new AppError(403, 'forbidden', 'origin'));
    const b = (req.body ?? {}) as Q;
    const serviceId = b.serviceId ?? '';
    const doctorId = b.doctorId ?? '';
    const startsAt = b.startsAt ?? '';
    if (
      !UUID.test(serviceId) ||
      !(doctorId === 'any' || UUID.test(doctorId)) ||
      Number.isNaN(Date.parse(startsAt))
    )
      return failure(reply, p, req.url, new AppError(400, 'validation_failed', 'form'));
    try {
      const held = await booking.createHold(pub, p.clinic, visitorOf(req), {
        serviceId: serviceId.toLowerCase(),
        doctorId: doctorId.toLowerCase(),
        startsAt: new Date(startsAt).toISOString(),
      });
      reply.setCookie(cookieName(held.holdId), held.holdSecret, {
        path: `${p.base}/h/${held.holdId}`,
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.settings.secureCookies,
        maxAge: 60 * 60,
      });
      return reply.redirect(`${p.base}/h/${held.holdId}${p.lq}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'slot_taken') {
        const day = formatDay(p.clinic.timeZone, startsAt);
        const sep = p.lq ? '&' : '?';
        return reply.redirect(`${p.base}/s/${serviceId}/d/${doctorId}/${day}${p.lq}${sep}taken=1`, 303);
      }
      return failure(reply, p, req.url, err);
    }
  });

  /** The hold's secret from its cookie, or null. */
  const secretOf = (req: FastifyRequest, holdId: string) => req.cookies[cookieName(holdId)] ?? null;

  async function holdPage(req: FastifyRequest, reply: FastifyReply, step: 'details' | 'code', note?: Html) {
    const p = await pageOf(req, reply);
    if (!p) return reply;
    const { holdId } = req.params as { holdId: string };
    const secret = UUID.test(holdId) ? secretOf(req, holdId) : null;
    if (!secret) return failure(reply, p, req.url, new AppError(404, 'not_found', 'hold'));
    try {
      const h = await booking.readHold(pub, p.clinic, holdId.toLowerCase(), secret);
      if (h.status !== 'pending' || !h.holdExpiresAt)
        return failure(reply, p, req.url, new AppError(409, 'hold_expired', 'expired'));
      const summary = html`<dl class="summary"><dt>${p.w.service}</dt><dd>${p.lang === 'ar' && h.serviceNameAr ? h.serviceNameAr : h.serviceName}</dd>
<dt>${p.w.doctor}</dt><dd>${h.doctorName}</dd><dt>${p.w.when}</dt><dd>${formatAt(p.lang, p.clinic.timeZone, h.startsAt, 'both')}</dd></dl>
<p class="held" role="status">${p.w.heldUntil(formatAt(p.lang, p.clinic.timeZone, h.holdExpiresAt, 'time'))}</p>`;
      const csrf = csrfOf(holdId.toLowerCase(), secret);
      const hidden = html`<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="lang" value="${p.lang}">`;
      const action = `${p.base}/h/${holdId}`;
      const body =
        step === 'details'
          ? html`${summary}${note ?? ''}<h1>${p.w.yourDetails}</h1>
<form method="post" action="${action}/details" class="form">${hidden}
<label>${p.w.name}<input name="name" autocomplete="name" required maxlength="200"></label>
<label>${p.w.phone}<input name="phone" type="tel" autocomplete="tel" inputmode="tel" required maxlength="30" placeholder="+971 50 123 4567" dir="ltr"></label>
<label>${p.w.email}<input name="email" type="email" autocomplete="email" maxlength="320" dir="ltr"></label>
<label class="hp" aria-hidden="true">${p.w.robot}<input name="website" tabindex="-1" autocomplete="off"></label>
<button class="button" type="submit">${p.w.sendCode}</button></form>`
          : html`${summary}${note ?? ''}<p>${p.w.codeSent(h.phone ?? '')}</p>
<form method="post" action="${action}/verify" class="form">${hidden}
<label>${p.w.code}<input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required dir="ltr"></label>
<button class="button" type="submit">${p.w.confirm}</button></form>
<p><a href="${action}${p.lq}">${p.w.resend}</a></p>`;
      return send(reply, p, req.url, p.w.yourDetails, body);
    } catch (err) {
      return failure(reply, p, req.url, err);
    }
  }

  app.get('/c/:slug/book/h/:holdId', cfg, (req, reply) => holdPage(req, reply, 'details'));
  app.get('/c/:slug/book/h/:holdId/code', cfg, (req, reply) => holdPage(req, reply, 'code'));

  /** A form post on a hold: same origin, the hold's cookie, and the form token derived from it. */
  async function checkedPost(req: FastifyRequest, reply: FastifyReply) {
    const p = await pageOf(req, reply);
    if (!p) return null;
    const { holdId } = req.params as { holdId: string };
    const secret = UUID.test(holdId) ? secretOf(req, holdId) : null;
    const form = (req.body ?? {}) as Q;
    const ok =
      secret !== null &&
      sameOrigin(req) &&
      typeof form.csrf === 'string' &&
      equalBytes(Buffer.from(form.csrf), Buffer.from(csrfOf(holdId.toLowerCase(), secret)));
    if (!ok) {
      failure(reply, p, req.url, new AppError(403, 'forbidden', 'form'));
      return null;
    }
    return { p, holdId: holdId.toLowerCase(), secret, form };
  }

  app.post('/c/:slug/book/h/:holdId/details', cfg, async (req, reply) => {
    const c = await checkedPost(req, reply);
    if (!c) return reply;
    try {
      await booking.sendDetails(pub, c.p.clinic, visitorOf(req), c.holdId, {
        holdSecret: c.secret,
        name: (c.form.name ?? '').trim().slice(0, 200),
        phone: (c.form.phone ?? '').trim(),
        ...(c.form.email?.trim() ? { email: c.form.email.trim() } : {}),
        language: c.p.lang,
        ...(c.form.website ? { website: c.form.website } : {}),
      });
      return reply.redirect(`${c.p.base}/h/${c.holdId}/code${c.p.lq}`, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'invalid_phone' || err.code === 'validation_failed'))
        return holdPage(req, reply, 'details', html`<p class="notice" role="alert">${c.p.w.problem}</p>`);
      return failure(reply, c.p, req.url, err);
    }
  });

  app.post('/c/:slug/book/h/:holdId/verify', cfg, async (req, reply) => {
    const c = await checkedPost(req, reply);
    if (!c) return reply;
    try {
      const done = await booking.verifyCode(pub, c.p.clinic, visitorOf(req), c.holdId, {
        holdSecret: c.secret,
        code: (c.form.code ?? '').trim(),
      });
      const { w, lang, clinic } = c.p;
      const body = html`<h1 class="${done.status}">${done.status === 'confirmed' ? w.confirmed : w.requested}</h1>
${done.status === 'requested' ? html`<p>${w.requestedNote}</p>` : ''}
<dl class="summary"><dt>${w.service}</dt><dd>${lang === 'ar' && done.serviceNameAr ? done.serviceNameAr : done.serviceName}</dd>
<dt>${w.doctor}</dt><dd>${done.doctorName}</dd><dt>${w.when}</dt><dd>${formatAt(lang, clinic.timeZone, done.startsAt, 'both')}</dd></dl>`;
      return send(reply, c.p, req.url, done.status === 'confirmed' ? w.confirmed : w.requested, body);
    } catch (err) {
      if (err instanceof AppError && err.status === 400)
        return holdPage(req, reply, 'code', html`<p class="notice" role="alert">${c.p.w.problem}</p>`);
      return failure(reply, c.p, req.url, err);
    }
  });
}

function formatDay(timeZone: string, iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
  return parts;
}
