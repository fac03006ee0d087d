import { defineModule } from '../../platform/assembly/manifest.ts';
import { registerSitePages } from './pages.ts';

/** A clinic's public website at /c/{slug}: server-rendered pages, small and readable without JavaScript. */
export const siteModule = defineModule({
  name: 'site',
  pages: registerSitePages,
});

// What other modules' public pages use: the frame, the HTML builder, the clinic by slug.
export { escapeHtml, Html, html, jsonForScript, raw } from './html.ts';
export { renderSitePage, SITE_CSS_PATH, type SitePage, withLang } from './layout.ts';
export { langQuery, sendPage, sendUnknownClinic, slugParams } from './pages.ts';
export type { SiteClinic } from './repo.ts';
export { findSiteClinic } from './service.ts';
export { dirOf, isSiteLang, SITE_LANGS, type SiteLang, siteLangFor } from './words.ts';
