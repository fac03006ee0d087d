import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerModules } from './modules/index.ts';
import { registerAccess } from './platform/access/hook.ts';
import { registerAuthRoutes } from './platform/auth/routes.ts';
import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/database.ts';
import { newId } from './platform/db/ids.ts';
import type { EventBus } from './platform/events/bus.ts';
import { registerOps } from './platform/http/ops.ts';
import { registerProblemHandlers } from './platform/http/problem.ts';
import type { OutboxSignal } from './platform/notify/message.ts';

export interface AppSettings {
  appSecret: string;
  publicUrl: string;
  bodyLimit: number;
  trustProxy: boolean;
  secureCookies: boolean;
  logLevel: string;
  /** Process metrics (event loop, memory); off in tests that build many apps. */
  defaultMetrics?: boolean;
}

/** What the app is built from. Tests build their own; nothing is global. */
export interface AppDeps {
  db: Database;
  clock: Clock;
  events: EventBus;
  outbox: OutboxSignal;
  settings: AppSettings;
}

export type App = FastifyInstance;

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: {
      level: deps.settings.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    bodyLimit: deps.settings.bodyLimit,
    trustProxy: deps.settings.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID_RE.test(sent) ? sent : newId();
    },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The API reference page (/docs) uses inline styles and scripts from its own package.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: deps.settings.secureCookies,
  });
  await app.register(cookie);
  registerProblemHandlers(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cliniclick API',
        version: '1.0.0',
        description: 'Clinic operations platform. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'cliniclick_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAccess(app, { db: deps.db, appSecret: deps.settings.appSecret });
  registerOps(app, { db: deps.db, defaultMetrics: deps.settings.defaultMetrics ?? false });

  await app.register(
    async (api) => {
      registerAuthRoutes(api, deps);
      await registerModules(api, deps);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
