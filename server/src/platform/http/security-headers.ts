import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers of every answer. Two Content Security Policies:
 * - strict, for the web app and everything else: scripts and styles from our own origin only, no
 *   inline code; the app's shell adds a per-response nonce for the `<style>` elements Mantine
 *   writes (its theme's CSS variables), see `appShellPolicy`;
 * - the API reference (`/docs`), whose page (from @fastify/swagger-ui) needs inline script and
 *   style, gets them there alone.
 * API answers carry personal data, so none may be stored by a browser or a proxy (`no-store`).
 */
type Directives = Record<string, readonly string[]>;

const STRICT: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const DOCS: Directives = {
  ...STRICT,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'base-uri': ["'self'"],
};

function policy(d: Directives, secure: boolean): string {
  const parts = Object.entries(d).map(([k, v]) => `${k} ${v.join(' ')}`);
  if (secure) parts.push('upgrade-insecure-requests');
  return parts.join('; ');
}

/** Where the web app's build puts its nonce (vite.config.ts `html.cspNonce`); replaced per response. */
export const NONCE_PLACEHOLDER = 'CLINICLICK_CSP_NONCE';

const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?');

export interface SecurityHeaders {
  /** The strict policy, its styles allowed by `nonce` (the app's index.html). */
  appShellPolicy(nonce: string): string;
}

export function registerSecurityHeaders(app: FastifyInstance, opts: { secure: boolean }): SecurityHeaders {
  // helmet's middleware is built once (@fastify/helmet builds it again, parsing the policy, on
  // every request: a tenth of a cached answer's CPU). The policies are fixed strings set below.
  const others = helmet({ contentSecurityPolicy: false, strictTransportSecurity: opts.secure });
  const strict = policy(STRICT, opts.secure);
  const docs = policy(DOCS, opts.secure);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('content-security-policy', isDocs(request.url) ? docs : strict);
    others(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  return {
    appShellPolicy: (nonce) =>
      policy({ ...STRICT, 'style-src': ["'self'", `'nonce-${nonce}'`] }, opts.secure),
  };
}
