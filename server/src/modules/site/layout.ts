import { type Html, html } from './html.ts';
import type { SiteClinic } from './repo.ts';
import { dirOf, FRAME_WORDS, type SiteLang } from './words.ts';

/** Where the site's stylesheet is served (one file for every clinic). */
export const SITE_CSS_PATH = '/c-assets/site.css';

/**
 * A clinic's brand colour as a stylesheet of one rule, by the colour itself: the strict CSP allows
 * no inline style, and a URL made of the colour needs no lookup and can be cached for good.
 */
export const brandCssPath = (color: string) => `/c-assets/brand/${color.slice(1).toLowerCase()}.css`;

export interface SitePage {
  clinic: SiteClinic;
  lang: SiteLang;
  title: string;
  description?: string;
  /** The page's path under the site, for the language switch and the canonical link. */
  path: string;
  body: Html;
  /** Extra tags for `<head>` (Open Graph, JSON-LD). */
  head?: Html;
}

/** A query string with `lang` set (the language switch keeps the rest of the page's query). */
export function withLang(path: string, lang: SiteLang): string {
  const url = new URL(path, 'http://site');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/** One public page: `lang`/`dir`, title and description, the clinic's header, a language switch. */
export function renderSitePage(page: SitePage): string {
  const words = FRAME_WORDS[page.lang];
  const other: SiteLang = page.lang === 'ar' ? 'en' : 'ar';
  const theme = page.clinic.theme;
  return `<!doctype html>${html`<html lang="${page.lang}" dir="${dirOf(page.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
<link rel="stylesheet" href="${SITE_CSS_PATH}">
${theme?.brandColor ? html`<link rel="stylesheet" href="${brandCssPath(theme.brandColor)}">` : ''}
${page.head ?? ''}
</head>
<body>
<header class="site"><div class="frame">
<a class="name" href="/c/${page.clinic.slug}${page.lang === 'ar' ? '?lang=ar' : ''}">${
    theme?.hasLogo
      ? html`<img class="logo" src="/c/${page.clinic.slug}/logo?v=${theme.version}" alt="" width="40" height="40">`
      : ''
  }<span>${page.clinic.name}</span></a>
<a href="${withLang(page.path, other)}" lang="${other}" hreflang="${other}">${words.language}</a>
</div></header>
<main class="frame">
${page.clinic.acceptingBookings ? '' : html`<p class="notice" role="status">${words.notTakingBookings}</p>`}
${page.body}
</main>
<footer class="site"><div class="frame">${words.poweredBy}</div></footer>
</body>
</html>`}`;
}
