import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.ts';

/** Where `npm run build -w web` writes the web app. */
export const DEFAULT_WEB_DIST = path.resolve(import.meta.dirname, '../../../../web/dist');

/**
 * Serves the single-page web app at /app: files from its build, and index.html for every other
 * path under /app so links into the app (a clinic, a panel) can be shared and reloaded.
 * Hashed assets are cached for a year; index.html is revalidated every time so a new build is
 * picked up at once. Without a build, /app answers 503 with a line saying how to make one.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/app/'));
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
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/app/',
    wildcard: false,
    index: false,
    setHeaders(reply, file) {
      reply.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const shell = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/app', { schema: { hide: true } }, (_request, reply) => reply.redirect('/app/'));
  app.get('/app/', { schema: { hide: true } }, shell);
  app.get('/app/*', { schema: { hide: true } }, (request, reply) => {
    // A missing file under assets/ is a 404, not the app shell (a stale tab asking for an old
    // chunk must fail loudly rather than parse HTML as JavaScript).
    const rest = (request.params as { '*': string })['*'];
    if (rest.startsWith('assets/')) return sendProblem(request, reply, 404, 'not_found', 'No such file');
    return shell(request, reply);
  });
}
