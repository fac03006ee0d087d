import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.ts';
import { NONCE_PLACEHOLDER, type SecurityHeaders } from './security-headers.ts';

/** Where `npm run build -w web` writes the web app. */
export const DEFAULT_WEB_DIST = path.resolve(import.meta.dirname, '../../../../web/dist');

/**
 * Serves the single-page web app at /app: files from its build, and index.html for every other
 * path under /app so links into the app (a clinic, a panel) can be shared and reloaded.
 * Hashed assets are cached for a year (`immutable`), sent as the build's brotli or gzip copy when
 * the browser accepts one; index.html is revalidated every time so a new build is picked up at once.
 * Source maps are not in the build's directory (web/vite.config.ts), so `.map` is a 404. Without a build, /app answers 503 with a line saying how to make one.
 * index.html is sent with a fresh nonce in place of the build's placeholder and a strict CSP that
 * allows styles with that nonce only (Mantine's style elements read it from the page's meta tag).
 */
export async function registerWebApp(
  app: FastifyInstance,
  dist: string,
  headers: SecurityHeaders,
): Promise<void> {
  const distDir = path.resolve(dist);
  if (!existsSync(path.join(distDir, 'index.html'))) {
    const missing = (request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(
        request,
        reply,
        503,
        'web_not_built',
        'The web app is not built: run `npm run build -w web`',
      );
    app.get('/app', { schema: { hide: true } }, missing);
    app.get('/app/*', { schema: { hide: true } }, missing);
    return;
  }
  // serve: false: no route per file found at startup. Files are looked up on each request, so
  // a rebuild under a running server is served at once instead of 404s for its new asset names.
  // preCompressed: the build writes a brotli and a gzip copy beside each text file (web/vite.config.ts);
  // a request accepting one gets it (`content-encoding`), one accepting neither the file itself,
  // and every answer says it depends on `accept-encoding` (`vary`) for the caches between.
  await app.register(fastifyStatic, {
    root: distDir,
    serve: false,
    index: false,
    cacheControl: false,
    preCompressed: true,
  });
  const shell = async (_request: FastifyRequest, reply: FastifyReply) => {
    const nonce = randomBytes(16).toString('base64');
    const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', headers.appShellPolicy(nonce))
      .type('text/html; charset=utf-8')
      .send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  app.get('/app', { schema: { hide: true } }, (_request, reply) => reply.redirect('/app/'));
  app.get('/app/', { schema: { hide: true } }, shell);
  app.get('/app/*', { schema: { hide: true } }, (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    const file = path.resolve(distDir, rest);
    const inside = file.startsWith(distDir + path.sep);
    if (inside && rest !== '' && isFile(file)) {
      const immutable = rest.startsWith('assets/');
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.sendFile(rest);
    }
    // A missing file under assets/ is a 404, not the app shell (a stale tab asking for an old
    // chunk must fail loudly rather than parse HTML as JavaScript).
    if (rest.startsWith('assets/')) return sendProblem(request, reply, 404, 'not_found', 'No such file');
    return shell(request, reply);
  });
}

/**
 * Answers `/` on a host that is not the app's own (a tenant's own domain name): the reply, or
 * undefined when the host is none of the handler's.
 */
export type HostRoot = (
  request: FastifyRequest,
  reply: FastifyReply,
  host: string,
) => Promise<FastifyReply | undefined>;

/** Host names that are always the app's own, whatever PUBLIC_URL says. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];

/**
 * `/`: on the app's own host (PUBLIC_URL's, or a local one) the web app (`/app/`, or not found
 * without one); on any other host, the first `hostRoots` handler that knows the host (modules
 * declare them in their manifest), else a plain 404 that names nothing.
 */
export function registerRoot(
  app: FastifyInstance,
  opts: { publicUrl: string; webApp: boolean; hostRoots: readonly HostRoot[] },
): void {
  const own = new Set([new URL(opts.publicUrl).hostname.toLowerCase(), ...LOCAL_HOSTS]);
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const host = request.hostname.toLowerCase();
    if (own.has(host)) return opts.webApp ? reply.redirect('/app/') : reply.callNotFound();
    for (const answer of opts.hostRoots) {
      const sent = await answer(request, reply, host);
      if (sent) return sent;
    }
    return reply
      .status(404)
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send('Not found');
  });
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
