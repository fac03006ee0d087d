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
import { loginWithPassword, type PasswordSignIn } from './login.ts';
import { completeMfaSignIn } from './mfa.ts';
import { registerMfaRoutes } from './mfa-routes.ts';
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

const mfaChallengeSchema = z
  .object({
    mfaRequired: z.literal(true),
    challenge: z
      .string()
      .describe('Send to `POST /auth/mfa` with a code from the authenticator app (or a recovery code)'),
    expiresAt: z.string().describe('The challenge works until then (5 minutes), for 5 codes'),
  })
  .meta({ id: 'MfaChallenge' });

/** A right password: the session, or (two-step sign-in on) the challenge of the second step. */
export const signInResponse = z.union([loginResponse, mfaChallengeSchema]);

/** Answers a sign-in: sets the session's cookies, or hands out the second step's challenge. */
export async function signInReply(
  reply: FastifyReply,
  deps: AppDeps,
  result: PasswordSignIn,
): Promise<z.infer<typeof signInResponse>> {
  if ('mfa' in result) {
    return {
      mfaRequired: true,
      challenge: result.mfa.challenge,
      expiresAt: result.mfa.expiresAt.toISOString(),
    };
  }
  return sessionReply(reply, deps, result);
}

/** Answers a new session: its cookies, its token and who it is. */
export async function sessionReply(
  reply: FastifyReply,
  deps: AppDeps,
  result: { session: IssuedSession; userId: string },
): Promise<z.infer<typeof loginResponse>> {
  const csrfToken = setSessionCookies(reply, deps, result.session);
  const me = await loadMe(deps, result.userId);
  return {
    token: result.session.token,
    csrfToken,
    expiresAt: result.session.expiresAt.toISOString(),
    user: me.user,
  };
}

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
        description:
          'With two-step sign-in on, a right password answers `{mfaRequired: true, challenge}` and no ' +
          'session: send the challenge and a code to `POST /auth/mfa`.',
        body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) }),
        response: { 200: signInResponse, ...problems },
      },
    },
    async (request, reply) => {
      const result = await loginWithPassword(
        deps.db,
        request.body.email,
        request.body.password,
        clientMeta(request),
      );
      return signInReply(reply, deps, result);
    },
  );

  r.post(
    '/auth/mfa',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign-in, second step: the challenge and a code from the authenticator app',
        description:
          'A 6-digit code from the app (each code works once), or one of the recovery codes (each ' +
          'works once). A challenge allows 5 codes within 5 minutes; wrong codes also count toward ' +
          'the account’s sign-in lockout.',
        body: z.object({
          challenge: z.string().max(200),
          code: z.string().trim().min(1).max(32).describe('6 digits, or a recovery code like `abcde-fghjk`'),
        }),
        response: { 200: loginResponse, ...problems },
      },
    },
    async (request, reply) => {
      const signedIn = await completeMfaSignIn(
        { db: deps.db, appSecret: deps.settings.appSecret },
        request.body,
        { ...clientMeta(request), requestId: request.id },
      );
      return sessionReply(reply, deps, signedIn);
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
      const signedIn = await verifyOtp(
        { db: deps.db, outbox: deps.outbox, appSecret: deps.settings.appSecret },
        request.body.phone,
        request.body.code,
        clientMeta(request),
      );
      return sessionReply(reply, deps, signedIn);
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
  registerMfaRoutes(api, deps);
}
