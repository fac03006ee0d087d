import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE } from '../access/hook.ts';
import { withGlobal } from '../db/tenancy.ts';
import type { AppDeps } from '../deps.ts';
import { unauthenticated } from '../http/errors.ts';
import { problemSchema } from '../http/problem.ts';
import { readAccount, setAccountLocale } from './account.ts';
import { registerAccountRoutes } from './account-routes.ts';
import { loginWithPassword } from './login.ts';
import { requestOtp, verifyOtp } from './otp.ts';
import { csrfTokenFor, type IssuedSession, revokeSession, rotateSession } from './sessions.ts';

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };

const membershipSchema = z.object({
  clinicId: z.string().uuid(),
  clinicSlug: z.string(),
  clinicName: z.string(),
  clinicStatus: z.enum(['active', 'suspended']),
  clinicTimeZone: z.string().describe('IANA time zone of the clinic'),
  clinicCurrency: z.string().describe('ISO 4217 code of the clinic’s currency'),
  role: z.enum(['owner', 'doctor', 'secretary', 'patient']),
});

export const meSchema = z
  .object({
    user: z.object({
      id: z.string().uuid(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      locale: z.string().nullable(),
      platformRole: z.enum(['admin']).nullable(),
    }),
    memberships: z.array(membershipSchema),
  })
  .meta({ id: 'Me' });

const sessionSchema = z
  .object({
    token: z
      .string()
      .describe('Send as `Authorization: Bearer <token>`; the same value is set as an HttpOnly cookie'),
    csrfToken: z.string().describe('Send as `X-CSRF-Token` on unsafe requests authenticated by the cookie'),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });

/** The languages the web app speaks; a user's choice is kept so every device opens in it. */
export const UI_LOCALES = ['en', 'ar'] as const;

const updateMeBody = z
  .object({
    locale: z
      .enum(UI_LOCALES)
      .nullable()
      .optional()
      .describe('Language of the web app; null follows the browser'),
  })
  .strict();

export const loginResponse = sessionSchema.extend({ user: meSchema.shape.user });

export function clientMeta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/**
 * The session cookie is SameSite=Strict: no cross-site request, not even a top-level GET from
 * another site's link, carries it (so no one can plant chart reads in a doctor's name). The web app
 * loads as a page without it and calls the API same-site, where it is sent.
 */
export function setSessionCookies(reply: FastifyReply, deps: AppDeps, s: IssuedSession): string {
  const csrf = csrfTokenFor(deps.settings.appSecret, s.sessionId);
  const secure = deps.settings.secureCookies;
  reply.setCookie(SESSION_COOKIE, s.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: s.expiresAt,
  });
  reply.setCookie(CSRF_COOKIE, csrf, {
    httpOnly: false,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: s.expiresAt,
  });
  return csrf;
}

export function loadMe(deps: AppDeps, userId: string): Promise<z.infer<typeof meSchema>> {
  return withGlobal(deps.db, { kind: 'user', userId }, (tx) => readAccount(tx, userId));
}

export function registerAuthRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/auth/login',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in with email and password',
        body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) }),
        response: { 200: loginResponse, ...problems },
      },
    },
    async (request, reply) => {
      const { session, userId } = await loginWithPassword(
        deps.db,
        request.body.email,
        request.body.password,
        clientMeta(request),
      );
      const csrfToken = setSessionCookies(reply, deps, session);
      const me = await loadMe(deps, userId);
      return { token: session.token, csrfToken, expiresAt: session.expiresAt.toISOString(), user: me.user };
    },
  );

  r.post(
    '/auth/otp/request',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Send a 6-digit sign-in code by SMS',
        body: z.object({ phone: z.string().trim().min(4).max(32) }),
        response: {
          202: z.object({ phone: z.string(), expiresAt: z.string(), resendAfterSeconds: z.number().int() }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const out = await requestOtp(
        { db: deps.db, outbox: deps.outbox, appSecret: deps.settings.appSecret },
        request.body.phone,
        clientMeta(request),
      );
      return reply.status(202).send({
        phone: out.phone,
        expiresAt: out.expiresAt.toISOString(),
        resendAfterSeconds: out.resendAfterSeconds,
      });
    },
  );

  r.post(
    '/auth/otp/verify',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with the code sent by SMS',
        body: z.object({ phone: z.string().trim().min(4).max(32), code: z.string().trim().min(1).max(12) }),
        response: { 200: loginResponse, ...problems },
      },
    },
    async (request, reply) => {
      const { session, userId } = await verifyOtp(
        { db: deps.db, outbox: deps.outbox, appSecret: deps.settings.appSecret },
        request.body.phone,
        request.body.code,
        clientMeta(request),
      );
      const csrfToken = setSessionCookies(reply, deps, session);
      const me = await loadMe(deps, userId);
      return { token: session.token, csrfToken, expiresAt: session.expiresAt.toISOString(), user: me.user };
    },
  );

  r.post(
    '/auth/refresh',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['auth'],
        summary: 'Swap the session for a new token; the old one stops working',
        response: { 200: sessionSchema, ...problems },
      },
    },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const next = await rotateSession(deps.db, request.auth, clientMeta(request));
      const csrfToken = setSessionCookies(reply, deps, next);
      return { token: next.token, csrfToken, expiresAt: next.expiresAt.toISOString() };
    },
  );

  r.post(
    '/auth/logout',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revokes this session',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      if (request.auth) await revokeSession(deps.db, request.auth.sessionId, 'logout');
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/me',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and their clinics and roles',
        response: { 200: meSchema, ...problems },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      return loadMe(deps, request.auth.user.id);
    },
  );

  r.patch(
    '/me',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['auth'],
        summary: 'Change the signed-in user’s own preferences (language)',
        body: updateMeBody,
        response: { 200: meSchema, ...problems },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      const userId = request.auth.user.id;
      const { locale } = request.body;
      if (locale !== undefined) {
        await withGlobal(deps.db, { kind: 'user', userId }, (tx) => setAccountLocale(tx, userId, locale));
      }
      return loadMe(deps, userId);
    },
  );

  registerAccountRoutes(api, deps);
}
