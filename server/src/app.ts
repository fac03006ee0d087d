import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { MODULES, PERMISSIONS } from './modules.ts';
import { registerAccess } from './platform/access/hook.ts';
import { Permissions } from './platform/access/permissions.ts';
import type { ModuleManifest } from './platform/assembly/manifest.ts';
import { assembleJobs, registerModulePages, registerModules } from './platform/assembly/registry.ts';
import { passwordResetJob } from './platform/auth/password-reset.ts';
import { registerAuthRoutes } from './platform/auth/routes.ts';
import { createSessionCache } from './platform/auth/session-cache-wiring.ts';
import { newId } from './platform/db/ids.ts';
import type { AppDeps, AppSettings } from './platform/deps.ts';
import { registerDateWindows } from './platform/http/dates.ts';
import { loggerOptions } from './platform/http/log-redaction.ts';
import { openApiOptions } from './platform/http/openapi.ts';
import { registerOps } from './platform/http/ops.ts';
import { registerProblemHandlers, sendProblem } from './platform/http/problem.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerRoot, registerWebApp } from './platform/http/web.ts';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './platform/jobs/runner.ts';
import type { JobDefinition, ScheduleDefinition } from './platform/jobs/types.ts';
import { LiveGateway, registerLiveMetrics } from './platform/live/gateway.ts';
import { registerLiveRoute } from './platform/live/route.ts';

export type { AppDeps, AppSettings };

export type App = FastifyInstance;

/** A hop count trusts that many proxies nearest the app (Fastify's own rule for a number). */
function trustProxyOption(
  v: AppSettings['trustProxy'],
): boolean | string | ((addr: string, hop: number) => boolean) {
  return typeof v === 'number' ? (_addr, hop) => hop < v : v;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The job runner of an app: the platform's jobs and schedules (with the modules' reactions), `extra` ones (main.ts adds the
 * outbox's, which needs the transport) and every module's, run with `deps` as their context.
 * The caller starts it (`listen()` for the after-commit fast path, `start()` to poll too) and stops it.
 */
export function createAppJobRunner(
  deps: AppDeps,
  opts: {
    modules?: readonly ModuleManifest[];
    extra?: { jobs?: JobDefinition<AppDeps>[]; schedules?: ScheduleDefinition<AppDeps>[] };
  } & Partial<Omit<JobRunnerOptions<AppDeps>, 'db' | 'clock' | 'registry' | 'context'>> = {},
): JobRunner {
  const { modules = MODULES, extra = {}, ...runner } = opts;
  return createJobRunner({
    ...runner,
    db: deps.db,
    clock: deps.clock,
    registry: assembleJobs([{ jobs: [passwordResetJob] }, extra], modules),
    context: deps,
  });
}

/**
 * The app: platform first, then every module's routes and subscribers under /api/v1.
 * `modules` defaults to the app's own list (tests may pass another to show the contract).
 */
export async function buildApp(deps: AppDeps, modules: readonly ModuleManifest[] = MODULES): Promise<App> {
  const permissions = modules === MODULES ? PERMISSIONS : new Permissions(modules);
  const app = Fastify({
    logger: loggerOptions(deps.settings.logLevel, deps.logStream),
    bodyLimit: deps.settings.bodyLimit,
    trustProxy: trustProxyOption(deps.settings.trustProxy),
    // Not 'x-request-id': with a header name Fastify takes any incoming value as is and calls
    // genReqId only when it is absent; genReqId reads the header itself and keeps only safe ids.
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID_RE.test(sent) ? sent : newId();
    },
    routerOptions: { maxParamLength: 200 },
    // URLs the router cannot even match (bad percent-encoding, overlong parameter) answer
    // problem+json like every other error, instead of Fastify's own JSON shape.
    // (These bypass the hooks, so the request id header is set here.)
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      return error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? sendProblem(request, reply, 414, 'url_too_long', 'A part of the URL is too long')
        : sendProblem(request, reply, 400, 'bad_url', 'The URL is not valid');
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Registered first, so it sees the routes of every plugin below.
  const observe = deps.onRoute;
  if (observe) app.addHook('onRoute', (route) => observe(route as RouteOptions));

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const headers = registerSecurityHeaders(app, { secure: deps.settings.secureCookies });
  await app.register(cookie);
  // The API speaks JSON only: a text/plain body (which browsers may send cross-site without a
  // preflight) gets 415 like any other type, not Fastify's default string parsing.
  app.removeContentTypeParser('text/plain');
  registerProblemHandlers(app);

  await app.register(swagger, openApiOptions(deps.settings.publicUrl));
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const sessionCache = await createSessionCache(app, deps);
  registerAccess(app, {
    db: deps.db,
    appSecret: deps.settings.appSecret,
    sessionCache,
    permissions,
    allowAdminWithoutMfa: deps.settings.allowAdminWithoutMfa ?? false,
  });
  registerDateWindows(app, deps.clock);
  const metrics = registerOps(app, {
    db: deps.db,
    defaultMetrics: deps.settings.defaultMetrics ?? false,
    sessionCache,
    metrics: deps.settings.metrics ?? {},
  });

  await app.register(
    async (api) => {
      registerAuthRoutes(api, deps);
      registerLiveRoute(api);
      await registerModules(api, modules, deps);
    },
    { prefix: '/api/v1' },
  );
  const live = new LiveGateway({
    db: deps.db,
    events: deps.events,
    permissions,
    topics: modules.flatMap((m) => m.live ?? []),
    sessionCache,
    publicUrl: deps.settings.publicUrl,
    logger: app.log,
    ...(deps.settings.liveLimits ? { limits: deps.settings.liveLimits } : {}),
  });
  app.decorate('live', live);
  registerLiveMetrics(metrics, live);
  app.addHook('onReady', () => live.attach(app.server));
  app.addHook('onClose', () => live.close());
  await registerModulePages(app, modules, deps);
  if (deps.settings.webDistDir) await registerWebApp(app, deps.settings.webDistDir, headers);
  registerRoot(app, {
    publicUrl: deps.settings.publicUrl,
    webApp: deps.settings.webDistDir !== undefined,
    hostRoots: modules.flatMap((m) => (m.hostRoot ? [m.hostRoot(deps)] : [])),
  });
  return app;
}
