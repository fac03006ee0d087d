import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE } from '../access/hook.ts';
import { withGlobal } from '../db/tenancy.ts';
import type { AppDeps } from '../deps.ts';
import { notFound, unauthenticated } from '../http/errors.ts';
import { problemsWithConflictAndLimit, uuidParam } from '../http/route-kit.ts';
import { auditAccountChange } from './account-audit.ts';
import { deviceLabel } from './device.ts';
import { changePassword } from './password-change.ts';
import { newPasswordSchema } from './password-policy.ts';
import { completePasswordReset, RESET_TTL_MS, requestPasswordReset } from './password-reset.ts';
import { listLiveSessions, revokeOtherSessions, revokeOwnSession } from './sessions.ts';

const problems = problemsWithConflictAndLimit;

const sessionItem = z
  .object({
    id: z.string(),
    current: z.boolean().describe('The session this request was made with'),
    method: z.enum(['password', 'otp', 'invitation']).describe('How it was signed in'),
    createdAt: z.string(),
    lastSeenAt: z.string().describe('Last use, to the minute'),
    expiresAt: z.string().describe('When it ends unless used again (idle) or at the latest'),
    ip: z.string().nullable().describe('The address it was signed in from'),
    browser: z.string().nullable().describe('From the User-Agent, e.g. "Chrome"; an API client’s name'),
    os: z.string().nullable().describe('From the User-Agent, e.g. "Android"'),
  })
  .meta({ id: 'AccountSession' });

/**
 * A person's own account security: change password, reset it by email, see and end their
 * sessions. Every `/me/…` route acts on the caller's own account only.
 */
export function registerAccountRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const meta = (request: { ip: string; id: string }) => ({ ip: request.ip, requestId: request.id });

  r.post(
    '/me/password',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Change your password (signs out your other sessions)',
        body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: newPasswordSchema }),
        response: {
          200: z.object({ otherSessionsSignedOut: z.number().int() }),
          ...problems,
        },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      return changePassword(deps.db, request.auth, request.body, meta(request));
    },
  );

  r.get(
    '/me/sessions',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Your sessions that are still signed in, most recently used first',
        response: { 200: z.object({ items: z.array(sessionItem) }), ...problems },
      },
    },
    async (request) => {
      const auth = request.auth;
      if (!auth) throw unauthenticated();
      const rows = await withGlobal(deps.db, request.actor, (tx) => listLiveSessions(tx, auth.user.id));
      return {
        items: rows.map((s) => ({
          id: s.id,
          current: s.id === auth.sessionId,
          method: s.method,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
          ip: s.ip,
          ...deviceLabel(s.userAgent),
        })),
      };
    },
  );

  r.delete(
    '/me/sessions/:sessionId',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Sign out one of your sessions (another person’s is "not found")',
        params: z.object({ sessionId: uuidParam() }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const auth = request.auth;
      if (!auth) throw unauthenticated();
      const userId = auth.user.id;
      const { sessionId } = request.params;
      const done = await withGlobal(deps.db, request.actor, (tx) =>
        revokeOwnSession(tx, userId, sessionId, 'signed_out_by_user'),
      );
      if (!done) throw notFound('Session');
      await auditAccountChange(deps.db, userId, request.actor, {
        action: 'account.sessions_signed_out',
        data: { sessions: 1 },
      });
      if (sessionId === auth.sessionId) {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        reply.clearCookie(CSRF_COOKIE, { path: '/' });
      }
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/me/sessions/revoke-others',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Sign out everywhere else: every session but this one',
        response: { 200: z.object({ signedOut: z.number().int() }), ...problems },
      },
    },
    async (request) => {
      const auth = request.auth;
      if (!auth) throw unauthenticated();
      const userId = auth.user.id;
      const signedOut = await withGlobal(deps.db, request.actor, (tx) =>
        revokeOtherSessions(tx, userId, auth.sessionId, 'signed_out_elsewhere'),
      );
      if (signedOut > 0) {
        await auditAccountChange(deps.db, userId, request.actor, {
          action: 'account.sessions_signed_out',
          data: { sessions: signedOut },
        });
      }
      return { signedOut };
    },
  );

  r.post(
    '/auth/password-reset',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Forgot password: email a link to choose a new one',
        description:
          'Always 202, whether or not the email has an account (nothing tells them apart). A link is ' +
          'emailed only to an existing staff account; it works once, for 30 minutes, and a newer ' +
          'request replaces it.',
        body: z.object({ email: z.email().max(320) }),
        response: {
          202: z.object({ linkValidMinutes: z.number().int() }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps.db, request.body.email, meta(request));
      return reply.status(202).send({ linkValidMinutes: RESET_TTL_MS / 60_000 });
    },
  );

  r.post(
    '/auth/password-reset/complete',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Choose a new password with the emailed link (signs out every session)',
        body: z.object({
          token: z.string().max(200).describe('From the link’s fragment: `#token=…`'),
          newPassword: newPasswordSchema,
        }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await completePasswordReset(deps.db, request.body, meta(request));
      return reply.status(204).send(null);
    },
  );
}
