import { clockText, formatPrice, HOME_WORDS, languageName, weekdayName } from './home-words.ts';
import { openingHoursSpecification } from './hours.ts';
import { type Html, html, jsonForScript } from './html.ts';
import { logoPath, type SiteProfile } from './service.ts';
import type { SiteLang } from './words.ts';

/** Where the clinic's site lives: its canonical origin and path (its own host, else /c/{slug}). */
export interface SiteAddress {
  /** e.g. https://clinic.example or https://app.example/c/demo (no trailing slash). */
  base: string;
  origin: string;
}

export function siteAddressOf(profile: SiteProfile, publicUrl: string): SiteAddress {
  const host = profile.clinic.customHost;
  if (host) return { base: `https://${host}`, origin: `https://${host}` };
  const origin = new URL(publicUrl).origin;
  return { base: `${origin}/c/${profile.clinic.slug}`, origin };
}

/** The booking flow's link for a service or a doctor (the booking slice's pages). */
export function bookPath(slug: string, lang: SiteLang, q: { service?: string; doctor?: string }): string {
  const url = new URL(`/c/${slug}/book`, 'http://site');
  if (q.service) url.searchParams.set('service', q.service);
  if (q.doctor) url.searchParams.set('doctor', q.doctor);
  if (lang === 'ar') url.searchParams.set('lang', 'ar');
  return `${url.pathname}${url.search}`;
}

/** A map link: the clinic's own, else OpenStreetMap at its coordinates. */
export function mapUrlOf(p: SiteProfile): string | null {
  const f = p.fields;
  if (f.mapUrl) return f.mapUrl;
  if (f.latitude === null || f.longitude === null) return null;
  return `https://www.openstreetmap.org/?mlat=${f.latitude}&mlon=${f.longitude}#map=17/${f.latitude}/${f.longitude}`;
}

const textIn = (lang: SiteLang, en: string, ar: string) => (lang === 'ar' ? ar || en : en || ar);

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((w) => w && !/^dr\.?$/i.test(w))
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

export interface RenderedHome {
  title: string;
  description: string;
  head: Html;
  body: Html;
}

export function renderHome(p: SiteProfile, lang: SiteLang, address: SiteAddress): RenderedHome {
  const w = HOME_WORDS[lang];
  const c = p.clinic;
  const f = p.fields;
  const tagline = textIn(lang, f.taglineEn, f.taglineAr);
  const about = textIn(lang, f.aboutEn, f.aboutAr);
  const place = [f.addressLine, f.city].filter(Boolean).join(', ');
  const description = (tagline || [c.name, place].filter(Boolean).join(' — ')).slice(0, 300);
  const map = mapUrlOf(p);
  const bookable = c.acceptingBookings;
  // The custom host's home is `/` (https://host/?lang=ar), the app's is /c/{slug} (…/c/demo?lang=ar).
  const arBase = address.base === address.origin ? `${address.base}/` : address.base;
  const url = (l: SiteLang) => (l === 'ar' ? `${arBase}?lang=ar` : address.base);
  const logoUrl = p.hasLogo ? `${address.origin}${logoPath(c.slug, p.version)}` : null;

  const specialties = [...new Set(p.doctors.map((d) => d.specialty).filter((s): s is string => !!s))];
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'MedicalClinic',
    name: c.name,
    url: address.base,
    ...(tagline ? { description: tagline } : {}),
    ...(f.phone ? { telephone: f.phone } : {}),
    ...(f.email ? { email: f.email } : {}),
    ...(logoUrl ? { logo: logoUrl, image: logoUrl } : {}),
    ...(place
      ? { address: { '@type': 'PostalAddress', streetAddress: f.addressLine, addressLocality: f.city } }
      : {}),
    ...(f.latitude !== null && f.longitude !== null
      ? { geo: { '@type': 'GeoCoordinates', latitude: f.latitude, longitude: f.longitude } }
      : {}),
    ...(map ? { hasMap: map } : {}),
    openingHoursSpecification: openingHoursSpecification(p.hours),
    ...(specialties.length ? { medicalSpecialty: specialties } : {}),
    currenciesAccepted: c.currency,
  };

  const head = html`<link rel="canonical" href="${url(lang)}">
<link rel="alternate" hreflang="en" href="${url('en')}">
<link rel="alternate" hreflang="ar" href="${url('ar')}">
<link rel="alternate" hreflang="x-default" href="${url('en')}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${c.name}">
<meta property="og:title" content="${c.name}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url(lang)}">
<meta property="og:locale" content="${lang === 'ar' ? 'ar_AR' : 'en_US'}">
<meta property="og:locale:alternate" content="${lang === 'ar' ? 'en_US' : 'ar_AR'}">
${logoUrl ? html`<meta property="og:image" content="${logoUrl}">` : ''}
<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`;

  const hours = html`<section class="card" aria-labelledby="hours-h"><h2 id="hours-h">${w.hours}</h2>
<table class="hours"><tbody>${p.hours.map(
    (d) =>
      html`<tr${d.open.length === 0 ? html` class="closed"` : ''}><th scope="row">${weekdayName(d.weekday, lang)}</th><td>${
        d.open.length === 0
          ? w.closed
          : d.open.map(
              (o, i) =>
                html`${i > 0 ? html`<br>` : ''}<bdi>${clockText(o.from, lang)}</bdi> – <bdi>${clockText(o.to, lang)}</bdi>`,
            )
      }</td></tr>`,
  )}</tbody></table>
<p class="muted">${w.hoursNote} (${c.timeZone})</p></section>`;

  const contact = html`<section class="card" aria-labelledby="contact-h"><h2 id="contact-h">${w.contact}</h2>
<dl class="contact">
${place ? html`<dt>${w.address}</dt><dd><address dir="auto">${place}</address>${map ? html` <a href="${map}" rel="noopener">${w.map}</a>` : ''}</dd>` : ''}
${f.phone ? html`<dt>${w.phone}</dt><dd><a href="tel:${f.phone.replace(/[^+0-9]/g, '')}" dir="ltr">${f.phone}</a></dd>` : ''}
${f.email ? html`<dt>${w.email}</dt><dd><a href="mailto:${f.email}">${f.email}</a></dd>` : ''}
</dl></section>`;

  const doctors = html`<section aria-labelledby="doctors-h"><h2 id="doctors-h">${w.doctors}</h2>
${
  p.doctors.length === 0
    ? html`<p class="muted">${w.noDoctors}</p>`
    : html`<ul class="doctors">${p.doctors.map(
        (d) =>
          html`<li class="card doctor">${
            d.photoUrl?.startsWith('/')
              ? html`<img class="avatar" src="${d.photoUrl}" alt="" width="64" height="64">`
              : html`<span class="avatar" aria-hidden="true">${initials(d.name)}</span>`
          }<div><h3>${d.name}</h3>${(lang === 'ar' && d.specialtyAr) || d.specialty ? html`<p>${(lang === 'ar' && d.specialtyAr) || d.specialty}</p>` : ''}${
            d.languages.length
              ? html`<p class="muted">${w.languages}: ${d.languages.map((l) => languageName(l, lang)).join(lang === 'ar' ? '، ' : ', ')}</p>`
              : ''
          }${bookable ? html`<a class="link" href="${bookPath(c.slug, lang, { doctor: d.id })}">${w.bookDoctor}</a>` : ''}</div></li>`,
      )}</ul>`
}</section>`;

  const services = html`<section aria-labelledby="services-h"><h2 id="services-h">${w.services}</h2>
${
  p.services.length === 0
    ? html`<p class="muted">${w.noServices}</p>`
    : html`<ul class="services">${p.services.map(
        (s) => html`<li class="card service"><div><h3>${lang === 'ar' ? s.nameAr || s.name : s.name}</h3>
<p class="muted">${w.minutes(s.durationMin)}${s.mode === 'online' ? html` · ${w.online}` : ''}</p></div>
<div class="price"><strong>${formatPrice(s.priceMinor, c.currency, lang)}</strong>${
          bookable
            ? html`<a class="button" href="${bookPath(c.slug, lang, { service: s.id })}">${w.bookService}</a>`
            : ''
        }</div></li>`,
      )}</ul>`
}</section>`;

  const body = html`<section class="hero">
<h1>${c.name}</h1>
${tagline ? html`<p class="tagline" dir="auto">${tagline}</p>` : ''}
${bookable ? html`<p><a class="button" href="${bookPath(c.slug, lang, {})}">${w.book}</a></p>` : ''}
</section>
${about ? html`<section class="card" aria-labelledby="about-h"><h2 id="about-h">${w.about}</h2>${about.split(/\n{2,}/).map((para) => html`<p dir="auto">${para}</p>`)}</section>` : ''}
${services}
${doctors}
<div class="two">${hours}${contact}</div>`;

  return { title: tagline ? `${c.name} — ${tagline}` : c.name, description, head, body };
}
