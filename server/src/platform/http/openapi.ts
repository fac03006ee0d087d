import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { accessOf, CSRF_HEADER, SESSION_COOKIE } from '../access/hook.ts';

/**
 * The OpenAPI document's frame and the two passes that make it usable by client generators and
 * linters (Redocly's recommended rules, checked by openapi.int.test.ts):
 * - every operation says how it is authenticated, read from the route's `config.access`: none for
 *   public routes; otherwise a bearer token, or the session cookie (plus the CSRF header on an
 *   unsafe method);
 * - every operation has an `operationId`: the route's own (`schema.operationId`) or one derived
 *   from its method and path (`GET /api/v1/clinics/{clinicId}/patients/{patientId}` →
 *   `getPatientsById`), unique or the app does not start;
 * - schemas that no operation refers to are left out.
 */

const BASE = '/api/v1/';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `method + path` → camelCase: clinic scope dropped, parameters left out, a trailing one as `ById`. */
export function deriveOperationId(method: string, url: string): string {
  let path = url.startsWith(BASE) ? url.slice(BASE.length) : url.replace(/^\//, '');
  path = path.replace(/^clinics\/[:{]clinicId}?\/?/, '');
  const segments = path.split('/').filter(Boolean);
  const words = segments.filter((s) => !s.startsWith(':') && !s.startsWith('{'));
  const last = segments.at(-1);
  const byId = last !== undefined && (last.startsWith(':') || last.startsWith('{')) ? ['by', 'id'] : [];
  const parts = [...words.flatMap((w) => w.split(/[-_]/)), ...byId];
  return method.toLowerCase() + parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type TransformObject = NonNullable<FastifyDynamicSwaggerOptions['transformObject']>;

function withSecurityAndId(seen: Map<string, string>): Transform {
  return (input) => {
    const out = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
    const route = input.route;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const method = methods[0] ?? 'GET';
    const schema = { ...(out.schema as Record<string, unknown>) };
    if (schema.hide) return out;
    const operationId = (schema.operationId as string | undefined) ?? deriveOperationId(method, input.url);
    const where = `${method} ${input.url}`;
    const clash = seen.get(operationId);
    if (clash !== undefined && clash !== where) {
      throw new Error(
        `OpenAPI operationId ${operationId} names both ${clash} and ${where}: give one a schema.operationId`,
      );
    }
    seen.set(operationId, where);
    schema.operationId = operationId;
    const access = accessOf(route.config);
    if (access?.kind === 'public') schema.security = [];
    else if (SAFE_METHODS.has(method)) schema.security = [{ bearer: [] }, { cookie: [] }];
    else schema.security = [{ bearer: [] }, { cookie: [], csrf: [] }];
    return { ...out, schema };
  };
}

/** The component schemas reachable from the paths (following refs through components). */
function pruneUnusedSchemas(doc: Record<string, unknown>): void {
  const components = doc.components as { schemas?: Record<string, unknown> } | undefined;
  const schemas = components?.schemas;
  if (!schemas) return;
  const used = new Set<string>();
  const prefix = '#/components/schemas/';
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
          const name = decodeURIComponent(value.slice(prefix.length));
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else {
          visit(value);
        }
      }
    }
  };
  visit(doc.paths);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

const transformObject: TransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input as Parameters<typeof jsonSchemaTransformObject>[0]) as Record<
    string,
    unknown
  >;
  pruneUnusedSchemas(doc);
  return doc;
};

/** Options for @fastify/swagger: the document served at /openapi.json and printed by `cli/openapi.ts`. */
export function openApiOptions(publicUrl: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cliniclick API',
        version: '1.0.0',
        description: 'Clinic operations platform. Errors are RFC 9457 problem+json with a stable `code`.',
        license: { name: 'Proprietary', url: `${publicUrl.replace(/\/$/, '')}/docs` },
      },
      servers: [{ url: publicUrl.replace(/\/$/, ''), description: 'This deployment' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The session token from sign-in' },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'The session cookie the web app holds (HttpOnly, SameSite=Strict)',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: CSRF_HEADER,
            description: 'With the cookie on an unsafe method: the `csrfToken` from sign-in',
          },
        },
      },
    },
    transform: withSecurityAndId(new Map()),
    transformObject,
  };
}
