import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { equalBytes } from '../auth/crypto.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import { type Authenticated, authenticate, type ClinicMembership, csrfTokenFor } from '../auth/sessions.ts';
import type { Actor, Database } from '../db/database.ts';
import { isUuid } from '../db/ids.ts';
import { AppError, forbidden, notFound, unauthenticated } from '../http/errors.ts';
import type { Access, Permissions } from './permissions.ts';

export const SESSION_COOKIE = 'cliniclick_session';
export const CSRF_COOKIE = 'cliniclick_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type ClinicContext = ClinicMembership;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
    authVia: 'cookie' | 'bearer' | null;
    clinic: ClinicContext | null;
    actor: Actor;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The access declared on a route, for tools (the role matrix test) that walk the route table. */
export function accessOf(config: unknown): Access | undefined {
  return (config as { access?: Access } | undefined)?.access;
}

/**
 * Authentication and authorisation, decided once for every route:
 * every /api route must declare `config.access` (startup fails otherwise), and the check runs
 * before the handler. Another clinic's id, a malformed id and a missing clinic all answer 404.
 */
export interface AccessDeps {
  db: Database;
  appSecret: string;
  sessionCache?: SessionCache | undefined;
  permissions: Permissions;
  /** Platform admins may use the console without a second factor (the embedded demo only). */
  allowAdminWithoutMfa: boolean;
}

/**
 * The caller must pass a second factor first: a staff member of a clinic whose owner requires it,
 * or a platform admin outside the demo. The web app sends them to set it up.
 */
export const mfaRequired = () =>
  new AppError(
    403,
    'mfa_required',
    'Two-step sign-in is required here: set it up in your account, then sign in with it',
  );

export function registerAccess(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('clinic', null);
  app.decorateRequest('actor', null as unknown as Actor);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = accessOf(route.config);
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access: refusing to start`);
    if (access.kind === 'clinic' && !route.url.includes(':clinicId')) {
      throw new Error(`route ${route.method} ${route.url} needs a clinic permission but has no :clinicId`);
    }
    const known =
      access.kind === 'clinic'
        ? deps.permissions.hasClinic(access.permission)
        : access.kind === 'platform'
          ? deps.permissions.hasPlatform(access.permission)
          : true;
    if (!known) {
      throw new Error(`route ${route.method} ${route.url} names an undeclared permission: refusing to start`);
    }
  });

  // preValidation, not preHandler: who may call comes before what they sent, so a caller who
  // may not use a route never learns its schema (or that it exists) from a validation error.
  app.addHook('preValidation', async (request, reply) => {
    const access = accessOf(request.routeOptions.config);
    request.actor = { kind: 'public', userId: null, requestId: request.id, ip: request.ip };
    if (!access) return; // not an API route (health, docs, static)
    const rawClinicId =
      access.kind === 'clinic' ? ((request.params as { clinicId?: string }).clinicId ?? '') : '';
    const clinicId = isUuid(rawClinicId) ? rawClinicId.toLowerCase() : null;
    if (access.kind === 'public') {
      // A stale cookie or token must not lock anyone out of signing in again: on a public
      // route a dead credential is dropped (and its cookie cleared) and the request goes on anonymous.
      await resolveAuth(request, reply, deps, null).catch(() => {});
      return;
    }
    const membership = await resolveAuth(request, reply, deps, clinicId);
    const auth = request.auth;
    if (!auth) throw unauthenticated();
    if (request.authVia === 'cookie' && !SAFE_METHODS.has(request.method))
      checkCsrf(request, auth, deps.appSecret);
    request.actor = {
      kind: auth.user.platformRole === 'admin' ? 'admin' : 'user',
      userId: auth.user.id,
      requestId: request.id,
      ip: request.ip,
    };
    if (access.kind === 'user') return;
    if (access.kind === 'platform') {
      if (auth.user.platformRole !== 'admin') throw notFound();
      if (!auth.mfa && !deps.allowAdminWithoutMfa) throw mfaRequired();
      return;
    }
    const clinic = membership;
    if (!clinic || clinic.roles.length === 0) throw notFound('Clinic');
    if (clinic.status !== 'active') {
      throw new AppError(403, 'clinic_suspended', 'This clinic is suspended; contact Cliniclick support');
    }
    // The owner's rule binds the clinic's staff (a patient-only member signs in by SMS code).
    if (clinic.staffMfaRequired && !auth.mfa && clinic.roles.some((r) => r !== 'patient'))
      throw mfaRequired();
    if (!deps.permissions.allows(clinic.roles, access.permission)) throw forbidden();
    request.clinic = clinic;
  });
}

/** Authenticates the request (bearer first, then cookie) and, for clinic routes, reads the caller's roles there. */
async function resolveAuth(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AccessDeps,
  clinicId: string | null,
): Promise<ClinicMembership | null> {
  const header = request.headers.authorization;
  let token: string | undefined;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AppError(401, 'invalid_token', 'The Authorization header must be "Bearer <token>"');
    token = m[1];
    request.authVia = 'bearer';
  } else if (request.cookies[SESSION_COOKIE]) {
    token = request.cookies[SESSION_COOKIE];
    request.authVia = 'cookie';
  }
  if (!token) return null;
  try {
    const { auth, clinic } = await authenticate(deps.db, token, clinicId, deps.sessionCache);
    request.auth = auth;
    return clinic;
  } catch (err) {
    // A dead cookie is cleared so the browser stops sending it.
    if (request.authVia === 'cookie') reply.clearCookie(SESSION_COOKIE, { path: '/' });
    request.authVia = null;
    throw err;
  }
}

function checkCsrf(request: FastifyRequest, auth: Authenticated, secret: string): void {
  const sent = request.headers[CSRF_HEADER];
  const expected = csrfTokenFor(secret, auth.sessionId);
  if (typeof sent !== 'string' || !equalBytes(Buffer.from(sent), Buffer.from(expected))) {
    throw new AppError(403, 'csrf_failed', 'This form has expired; reload the page and try again');
  }
}
