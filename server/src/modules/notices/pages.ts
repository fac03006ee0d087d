import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  findSiteClinic,
  type Html,
  html,
  renderSitePage,
  type SiteClinic,
  type SiteLang,
  sendUnknownClinic,
  siteLangFor,
} from '../site/index.ts';
import { formatWhen } from './compose.ts';
import { VISIT_WORDS } from './page-words.ts';
import type { AppointmentFacts } from './repo.ts';
import {
  cancelByPatient,
  changeable,
  confirmAttendance,
  type Finder,
  factsByToken,
  moveDays,
  moveOptions,
  rescheduleByPatient,
  visitIcs,
} from './self-service.ts';

const params = z.object({ slug: z.string().min(1).max(100), token: z.string().min(1).max(200) });
const query = z.object({ lang: z.string().max(5).optional() });
const moveQuery = query.extend({ day: z.string().max(10).optional() });
type Params = z.infer<typeof params>;

// The token is the secret of these URLs: logged as [redacted] (it is named `token` too).
const config = { access: { kind: 'public' as const }, secrets: { params: ['token'] } };
const schema = { hide: true, params, querystring: query };

/**
 * Personal pages: never cached; the URL (it holds the token) goes as a referrer to this site only.
 * Not `no-referrer`: under it a browser posts our own forms with `Origin: null`.
 */
function sendPrivate(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .send(body);
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

function formField(body: unknown, name: string): string | undefined {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
}

function statusWord(lang: SiteLang, status: string): string {
  const s = VISIT_WORDS[lang].statuses;
  return status in s ? s[status as keyof typeof s] : s.other;
}

function visitView(f: AppointmentFacts, lang: SiteLang, base: string, now: Date, note?: string): Html {
  const w = VISIT_WORDS[lang];
  const c = changeable(f, now);
  const q = lang === 'ar' ? '?lang=ar' : '';
  return html`<h1>${w.title}</h1>
${note ? html`<p class="notice" role="status">${note}</p>` : ''}
<dl class="visit">
<dt>${w.service}</dt><dd>${(lang === 'ar' ? f.service_name_ar : null) ?? f.service_name}</dd>
<dt>${w.doctor}</dt><dd>${f.doctor_name}</dd>
<dt>${w.when}</dt><dd>${formatWhen(new Date(f.starts_at), f.time_zone, lang)}</dd>
<dt>${w.where}</dt><dd>${f.clinic_name}</dd>
<dt>${w.status}</dt><dd data-status="${f.status}">${statusWord(lang, f.status)}</dd>
</dl>
${f.attendance_confirmed_at ? html`<p>${w.attendanceConfirmed}</p>` : ''}
<div class="visit-actions">
${c.active ? html`<a class="button" href="${base}/calendar.ics" download="visit.ics">${w.addToCalendar}</a>` : ''}
${c.canConfirm ? html`<form method="post" action="${base}/confirm${q}"><button class="button" type="submit">${w.confirm}</button></form>` : ''}
${c.canChange ? html`<a class="button" href="${base}/reschedule${q}">${w.reschedule}</a> <a class="button secondary" href="${base}/cancel${q}">${w.cancel}</a>` : ''}
</div>
${
  c.active && !c.inWindow
    ? html`<p class="notice">${w.tooLate}${f.clinic_phone ? html` <a href="tel:${f.clinic_phone}" dir="ltr">${f.clinic_phone}</a>` : ''}</p>`
    : ''
}`;
}

interface Opened {
  clinic: SiteClinic;
  lang: SiteLang;
  f: AppointmentFacts;
  base: string;
  find: Finder;
  actor: Actor;
}

export function registerVisitPages(app: FastifyInstance, deps: AppDeps): void {
  // Forms post urlencoded; this scope alone parses it (the API takes JSON only).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  /** The link's appointment, or a plain 404 already sent (unknown clinic or dead link alike). */
  async function open(request: FastifyRequest, reply: FastifyReply): Promise<Opened | undefined> {
    const { slug, token } = request.params as Params;
    const clinic = await findSiteClinic(deps.db, slug);
    const actor: Actor = { kind: 'public', userId: null, requestId: request.id, ip: request.ip };
    const find: Finder = (tx) => factsByToken(tx, token);
    const f = clinic ? await withClinic(deps.db, clinic.id, actor, find) : undefined;
    if (!clinic || !f) {
      sendUnknownClinic(reply);
      return undefined;
    }
    const lang = siteLangFor((request.query as { lang?: string }).lang, f.lang ?? clinic.locale);
    return { clinic, lang, f, base: `/c/${clinic.slug}/visit/${token}`, find, actor };
  }

  const page = (o: Opened, request: FastifyRequest, body: Html, title: string = VISIT_WORDS[o.lang].title) =>
    renderSitePage({ clinic: o.clinic, lang: o.lang, title, path: request.url, body });

  /** Runs a patient's change; a refusal (too late, slot taken) is shown on the visit page. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    run: (o: Opened) => Promise<Html | 'view'>,
  ) {
    if (!sameOrigin(request, deps.settings.publicUrl)) {
      return reply.status(403).type('text/plain; charset=utf-8').send('Cross-site form posts are refused');
    }
    const o = await open(request, reply);
    if (!o) return reply;
    try {
      const done = await run(o);
      if (done === 'view') return reply.redirect(`${o.base}${o.lang === 'ar' ? '?lang=ar' : ''}`, 303);
      return sendPrivate(reply, page(o, request, done));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const note = `${VISIT_WORDS[o.lang].failed}: ${err.code === 'outside_change_window' ? VISIT_WORDS[o.lang].tooLate : err.message}`;
      return sendPrivate(
        reply,
        page(o, request, visitView(o.f, o.lang, o.base, deps.clock.now(), note)),
        err.status,
      );
    }
  }

  app.get('/c/:slug/visit/:token', { config, schema }, async (request, reply) => {
    const o = await open(request, reply);
    if (!o) return reply;
    return sendPrivate(reply, page(o, request, visitView(o.f, o.lang, o.base, deps.clock.now())));
  });

  app.get('/c/:slug/visit/:token/calendar.ics', { config, schema }, async (request, reply) => {
    const o = await open(request, reply);
    if (!o) return reply;
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="visit.ics"')
      .send(visitIcs(o.f, deps.clock.now()));
  });

  app.get('/c/:slug/visit/:token/cancel', { config, schema }, async (request, reply) => {
    const o = await open(request, reply);
    if (!o) return reply;
    const w = VISIT_WORDS[o.lang];
    if (!changeable(o.f, deps.clock.now()).canChange) {
      return sendPrivate(reply, page(o, request, visitView(o.f, o.lang, o.base, deps.clock.now())));
    }
    const q = o.lang === 'ar' ? '?lang=ar' : '';
    return sendPrivate(
      reply,
      page(
        o,
        request,
        html`<h1>${w.cancelTitle}</h1>
<p>${formatWhen(new Date(o.f.starts_at), o.f.time_zone, o.lang)}</p>
<form method="post" action="${o.base}/cancel${q}" class="stack">
<label for="reason">${w.reason}</label>
<textarea id="reason" name="reason" maxlength="500" rows="3"></textarea>
<button class="button danger" type="submit">${w.doCancel}</button>
</form>
<p><a href="${o.base}${q}">${w.back}</a></p>`,
        w.cancelTitle,
      ),
    );
  });

  app.post('/c/:slug/visit/:token/cancel', { config, schema }, (request, reply) =>
    act(request, reply, async (o) => {
      await cancelByPatient(
        deps,
        o.clinic.id,
        o.actor,
        o.find,
        formField(request.body, 'reason')?.slice(0, 500),
      );
      return html`<h1>${VISIT_WORDS[o.lang].title}</h1><p class="notice" role="status">${VISIT_WORDS[o.lang].cancelled}</p>`;
    }),
  );

  app.post('/c/:slug/visit/:token/confirm', { config, schema }, (request, reply) =>
    act(request, reply, async (o) => {
      await confirmAttendance(deps, o.clinic.id, o.actor, o.find);
      return 'view';
    }),
  );

  app.get(
    '/c/:slug/visit/:token/reschedule',
    { config, schema: { ...schema, querystring: moveQuery } },
    async (request, reply) => {
      const o = await open(request, reply);
      if (!o) return reply;
      const w = VISIT_WORDS[o.lang];
      const now = deps.clock.now();
      if (!changeable(o.f, now).canChange) {
        return sendPrivate(reply, page(o, request, visitView(o.f, o.lang, o.base, now)));
      }
      // One day's times at a time (a phone-sized list); the days are plain links, no script needed.
      const days = moveDays(o.f, now);
      const asked = (request.query as z.infer<typeof moveQuery>).day;
      const visitDay = new Intl.DateTimeFormat('en-CA', { timeZone: o.f.time_zone }).format(
        new Date(o.f.starts_at),
      );
      const day =
        asked && days.includes(asked) ? asked : days.includes(visitDay) ? visitDay : (days[0] ?? visitDay);
      const slots = await moveOptions(deps, o.clinic.id, o.actor, o.f, [day]);
      const lq = o.lang === 'ar' ? '&lang=ar' : '';
      const q = o.lang === 'ar' ? '?lang=ar' : '';
      const dayName = (d: string) =>
        new Intl.DateTimeFormat(o.lang === 'ar' ? 'ar' : 'en-GB', {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          timeZone: 'UTC',
        }).format(new Date(`${d}T12:00:00Z`));
      const time = (iso: string) =>
        new Intl.DateTimeFormat(o.lang === 'ar' ? 'ar' : 'en-GB', {
          hour: '2-digit',
          minute: '2-digit',
          timeZone: o.f.time_zone,
        }).format(new Date(iso));
      const body = html`<h1>${w.moveTitle}</h1>
<nav class="move-days">${days.map((d) => html`<a href="${o.base}/reschedule?day=${d}${lq}" ${d === day ? html`aria-current="date"` : ''}>${dayName(d)}</a>`)}</nav>
${
  slots.length === 0
    ? html`<p>${w.noTimes}</p>`
    : html`<form method="post" action="${o.base}/reschedule${q}" class="stack">
<fieldset class="move-times"><legend>${dayName(day)}</legend>${slots.map(
        (s, i) =>
          html`<label><input type="radio" name="startsAt" value="${s.start}" ${i === 0 ? html`checked` : ''}> ${time(s.start)}</label>`,
      )}</fieldset>
<button class="button" type="submit">${w.doMove}</button>
</form>`
}
<p><a href="${o.base}${q}">${w.back}</a></p>`;
      return sendPrivate(reply, page(o, request, body, w.moveTitle));
    },
  );

  app.post('/c/:slug/visit/:token/reschedule', { config, schema }, (request, reply) =>
    act(request, reply, async (o) => {
      const startsAt = formField(request.body, 'startsAt') ?? '';
      if (Number.isNaN(Date.parse(startsAt))) throw new AppError(400, 'validation_failed', 'Choose a time');
      await rescheduleByPatient(deps, o.clinic.id, o.actor, o.find, new Date(startsAt).toISOString());
      return html`<h1>${VISIT_WORDS[o.lang].title}</h1><p class="notice" role="status">${VISIT_WORDS[o.lang].moved}</p>
<p>${formatWhen(new Date(startsAt), o.f.time_zone, o.lang)}</p>`;
    }),
  );
}
