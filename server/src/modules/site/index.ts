import { defineModule } from '../../platform/assembly/manifest.ts';
import { pageCacheFor } from './cache.ts';
import { seedSiteDemo } from './demo.ts';
import * as m0013 from './migrations/0013_site.ts';
import { registerSitePages, siteHostRoot } from './pages.ts';
import { registerSiteRoutes } from './routes.ts';
import type { SiteTables } from './tables.ts';

/**
 * A clinic's public website at /c/{slug} (and at `/` on its own host name): server-rendered pages,
 * small and readable without JavaScript; the owner's editor with a live preview; the public read API.
 */
export const siteModule = defineModule<SiteTables>({
  name: 'site',
  migrations: { '0013_site': m0013 },
  permissions: { 'site.manage': ['owner'] },
  routes(api, ctx) {
    // Any write to a clinic (its site, doctors, services, hours) drops its rendered pages at once.
    const pages = pageCacheFor(ctx.db, ctx.clock);
    ctx.onClinicWrite((clinicId) => pages.dropClinic(clinicId));
    registerSiteRoutes(api, ctx);
  },
  pages: registerSitePages,
  hostRoot: siteHostRoot,
  demo: (db, clinic) => seedSiteDemo(db, clinic.clinicId),
});

// What other modules' public pages use: the frame, the HTML builder, the clinic by slug.
export { escapeHtml, Html, html, jsonForScript, raw } from './html.ts';
export { brandCssPath, renderSitePage, SITE_CSS_PATH, type SitePage, withLang } from './layout.ts';
export { langQuery, sendPage, sendUnknownClinic, siteLangOf, slugParams } from './pages.ts';
export type { SiteClinic, SiteTheme } from './repo.ts';
export { findSiteClinic } from './service.ts';
export type { SiteTables } from './tables.ts';
export { dirOf, isSiteLang, SITE_LANGS, type SiteLang, siteLangFor } from './words.ts';
