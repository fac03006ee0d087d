import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestOtp, verifyOtp } from '../../platform/auth/otp.ts';
import { systemActor } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findOrRegisterPatientIn } from '../patients/index.ts';
import {
  findSiteClinic,
  type Html,
  html,
  langQuery,
  renderSitePage,
  type SiteClinic,
  type SiteLang,
  sendUnknownClinic,
  siteLangOf,
  slugParams,
} from '../site/index.ts';
import { PARTS_OF_DAY } from './core.ts';
import * as repo from './repo.ts';
import { FORM_WORDS } from './site-words.ts';
import { addWishIn } from './wishes.ts';

/**
 * /c/{slug}/waitlist: a patient joins the waitlist from the clinic's site, without JavaScript, in
 * two steps: the wish with name and phone (an SMS code is sent, with the platform's limits per
 * phone and IP), then the code. A filled honeypot field gets the same answer and nothing is sent.
 */

const text = (max: number) => z.string().trim().max(max);
const formBody = z.object({
  serviceId: z.union([z.uuid(), z.literal('')]).default(''),
  doctorId: z.union([z.uuid(), z.literal('')]).default(''),
  fromDate: z.iso.date(),
  toDate: z.iso.date(),
  parts: z.union([z.enum(PARTS_OF_DAY), z.array(z.enum(PARTS_OF_DAY))]).optional(),
  fullName: text(200).min(1),
  phone: text(32).min(4),
  code: text(10).optional(),
  website: text(200).optional(),
});
type FormBody = z.infer<typeof formBody>;

const partsOf = (b: FormBody) => (b.parts === undefined ? [] : Array.isArray(b.parts) ? b.parts : [b.parts]);

function send(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

function page(clinic: SiteClinic, lang: SiteLang, body: Html): string {
  const w = FORM_WORDS[lang];
  return renderSitePage({
    clinic,
    lang,
    title: `${w.title} · ${clinic.name}`,
    path: `/c/${clinic.slug}/waitlist`,
    body,
  });
}

async function choices(deps: AppDeps, clinicId: string) {
  return withClinic(deps.db, clinicId, systemActor, (tx) => repo.publicChoices(tx));
}

function formPage(
  clinic: SiteClinic,
  lang: SiteLang,
  c: Awaited<ReturnType<typeof choices>>,
  today: string,
  error?: string,
) {
  const w = FORM_WORDS[lang];
  const q = lang === 'ar' ? '?lang=ar' : '';
  return page(
    clinic,
    lang,
    html`<h1>${w.title}</h1><p>${w.intro}</p>
${error ? html`<p class="notice" role="alert">${error}</p>` : ''}
<form method="post" action="/c/${clinic.slug}/waitlist${q}" class="waitlist-form">
<label>${w.service}<select name="serviceId"><option value="">${w.any}</option>${c.services.map(
      (s) => html`<option value="${s.id}">${lang === 'ar' && s.name_ar ? s.name_ar : s.name}</option>`,
    )}</select></label>
<label>${w.doctor}<select name="doctorId"><option value="">${w.any}</option>${c.doctors.map(
      (d) => html`<option value="${d.id}">${d.name}</option>`,
    )}</select></label>
<label>${w.from}<input type="date" name="fromDate" required min="${today}" value="${today}"></label>
<label>${w.to}<input type="date" name="toDate" required min="${today}"></label>
<fieldset><legend>${w.parts}</legend>${PARTS_OF_DAY.map(
      (p) => html`<label class="inline"><input type="checkbox" name="parts" value="${p}"> ${w[p]}</label>`,
    )}</fieldset>
<label>${w.name}<input name="fullName" required maxlength="200" autocomplete="name"></label>
<label>${w.phone}<input name="phone" type="tel" required maxlength="32" autocomplete="tel" dir="ltr"></label>
<label class="waitlist-hp" aria-hidden="true">${w.website}<input name="website" tabindex="-1" autocomplete="off"></label>
<button class="button" type="submit">${w.send}</button>
</form>`,
  );
}

function codePage(clinic: SiteClinic, lang: SiteLang, b: FormBody, error?: string) {
  const w = FORM_WORDS[lang];
  const q = lang === 'ar' ? '?lang=ar' : '';
  const keep = (['serviceId', 'doctorId', 'fromDate', 'toDate', 'fullName', 'phone'] as const).map(
    (k) => html`<input type="hidden" name="${k}" value="${b[k]}">`,
  );
  return page(
    clinic,
    lang,
    html`<h1>${w.codeTitle}</h1><p>${w.codeIntro} <bdi dir="ltr">${b.phone}</bdi></p>
${error ? html`<p class="notice" role="alert">${error}</p>` : ''}
<form method="post" action="/c/${clinic.slug}/waitlist/verify${q}" class="waitlist-form">
${keep}${partsOf(b).map((p) => html`<input type="hidden" name="parts" value="${p}">`)}
<label>${w.code}<input name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="6"></label>
<button class="button" type="submit">${w.confirm}</button>
</form>`,
  );
}

const donePage = (clinic: SiteClinic, lang: SiteLang) =>
  page(
    clinic,
    lang,
    html`<h1>${FORM_WORDS[lang].title}</h1><p class="notice waitlist-done" role="status">${FORM_WORDS[lang].done}</p>`,
  );

function limited(
  reply: FastifyReply,
  err: AppError,
  clinic: SiteClinic,
  lang: SiteLang,
  body: Html | string,
) {
  const retry = Number(err.extra.retryAfter ?? 60);
  reply.header('retry-after', String(Number.isFinite(retry) ? retry : 60));
  return send(reply, typeof body === 'string' ? body : page(clinic, lang, body), 429);
}

export function registerWaitlistForm(app: FastifyInstance, deps: AppDeps): void {
  const otp = { db: deps.db, outbox: deps.outbox, appSecret: deps.settings.appSecret };
  const config = { access: { kind: 'public' } } as const;
  const schema = { hide: true, params: slugParams, querystring: langQuery };
  const context = async (request: FastifyRequest) => {
    const clinic = await findSiteClinic(deps.db, (request.params as z.infer<typeof slugParams>).slug);
    if (!clinic) return undefined;
    const lang = siteLangOf((request.query as z.infer<typeof langQuery>).lang, clinic);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: clinic.timeZone }).format(deps.clock.now());
    return { clinic, lang, today };
  };

  app.get('/c/:slug/waitlist', { config, schema }, async (request, reply) => {
    const c = await context(request);
    if (!c) return sendUnknownClinic(reply);
    return send(reply, formPage(c.clinic, c.lang, await choices(deps, c.clinic.id), c.today));
  });

  app.post('/c/:slug/waitlist', { config, schema }, async (request, reply) => {
    const c = await context(request);
    if (!c) return sendUnknownClinic(reply);
    const w = FORM_WORDS[c.lang];
    const parsed = formBody.safeParse(request.body ?? {});
    if (!parsed.success)
      return send(
        reply,
        formPage(c.clinic, c.lang, await choices(deps, c.clinic.id), c.today, w.invalid),
        400,
      );
    const b = parsed.data;
    if (b.website) return send(reply, codePage(c.clinic, c.lang, b)); // a bot: same page, no SMS
    // A suspended clinic's site takes no wishes (the frame says it is not taking bookings).
    if (
      !c.clinic.acceptingBookings ||
      (!b.serviceId && !b.doctorId) ||
      b.toDate < c.today ||
      b.fromDate > b.toDate
    )
      return send(
        reply,
        formPage(c.clinic, c.lang, await choices(deps, c.clinic.id), c.today, w.invalid),
        400,
      );
    try {
      await requestOtp(otp, b.phone, { ip: request.ip });
    } catch (err) {
      if (err instanceof AppError && err.status === 429)
        return limited(reply, err, c.clinic, c.lang, codePage(c.clinic, c.lang, b, w.tooMany));
      if (err instanceof AppError && err.status < 500)
        return send(
          reply,
          formPage(c.clinic, c.lang, await choices(deps, c.clinic.id), c.today, w.invalid),
          400,
        );
      throw err;
    }
    return send(reply, codePage(c.clinic, c.lang, b));
  });

  app.post('/c/:slug/waitlist/verify', { config, schema }, async (request, reply) => {
    const c = await context(request);
    if (!c) return sendUnknownClinic(reply);
    const w = FORM_WORDS[c.lang];
    const parsed = formBody.safeParse(request.body ?? {});
    if (!parsed.success || !parsed.data.code)
      return send(
        reply,
        formPage(c.clinic, c.lang, await choices(deps, c.clinic.id), c.today, w.invalid),
        400,
      );
    const b = parsed.data;
    try {
      await verifyOtp(otp, b.phone, b.code ?? '', {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
    } catch (err) {
      if (err instanceof AppError && err.status === 429)
        return limited(reply, err, c.clinic, c.lang, codePage(c.clinic, c.lang, b, w.tooMany));
      if (err instanceof AppError && err.status < 500)
        return send(reply, codePage(c.clinic, c.lang, b, w.wrongCode), 400);
      throw err;
    }
    try {
      await withClinic(
        deps.db,
        c.clinic.id,
        { kind: 'public', userId: null, ip: request.ip, requestId: request.id },
        async (tx) => {
          const patient = await findOrRegisterPatientIn(tx, { fullName: b.fullName, phone: b.phone });
          await addWishIn(tx, {
            ...(b.doctorId ? { doctorId: b.doctorId } : {}),
            ...(b.serviceId ? { serviceId: b.serviceId } : {}),
            fromDate: b.fromDate,
            toDate: b.toDate,
            parts: partsOf(b),
            patientId: patient.id,
            source: 'site',
          });
        },
      );
    } catch (err) {
      if (err instanceof AppError && err.status < 500)
        return send(
          reply,
          formPage(c.clinic, c.lang, await choices(deps, c.clinic.id), c.today, w.invalid),
          400,
        );
      throw err;
    }
    return send(reply, donePage(c.clinic, c.lang));
  });
}
