import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { unauthenticated } from '../http/errors.ts';
import { problemsWithConflictAndLimit } from '../http/route-kit.ts';
import { auditAccountChange } from './account-audit.ts';
import {
  beginEnrolment,
  confirmEnrolment,
  disableMfa,
  type MfaDeps,
  mfaStatus,
  regenerateRecoveryCodes,
} from './mfa.ts';
import { RECOVERY_CODE_COUNT } from './totp.ts';

const problems = problemsWithConflictAndLimit;

const code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .describe('6 digits from the authenticator app, or (where said) a recovery code');
const recoveryCodes = z
  .array(z.string())
  .describe(
    `The ${RECOVERY_CODE_COUNT} recovery codes, shown this once: each signs in once without the phone`,
  );

/**
 * Two-step sign-in (TOTP, RFC 6238) on a person's own account: set it up with a QR code,
 * confirm it with a first code, turn it off, renew the recovery codes. Platform/auth/mfa.ts has
 * the rules; every change is recorded in the audit of each clinic where the person works.
 */
export function registerMfaRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const mfa: MfaDeps = { db: deps.db, appSecret: deps.settings.appSecret };
  const meta = (request: { ip: string; id: string }) => ({ ip: request.ip, requestId: request.id });

  r.get(
    '/me/mfa',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Whether two-step sign-in is on for your account',
        response: {
          200: z
            .object({
              enabled: z.boolean(),
              enabledAt: z.string().nullable(),
              recoveryCodesLeft: z.number().int(),
              sessionVerified: z.boolean().describe('This session passed the second factor'),
            })
            .meta({ id: 'MfaStatus' }),
          ...problems,
        },
      },
    },
    async (request) => {
      const auth = request.auth;
      if (!auth) throw unauthenticated();
      const s = await mfaStatus(deps.db, auth.user.id);
      return { ...s, enabledAt: s.enabledAt?.toISOString() ?? null, sessionVerified: auth.mfa };
    },
  );

  r.post(
    '/me/mfa/totp',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Set up two-step sign-in: a new key for your authenticator app',
        description:
          'Not in force until confirmed with a code from the app. Starting again replaces an ' +
          'unconfirmed key. Accounts that sign in by SMS code have no password and cannot use it.',
        response: {
          200: z
            .object({
              secret: z.string().describe('Base32, for typing into the app by hand'),
              uri: z.string().describe('The `otpauth://totp/…` URI the QR code holds'),
              qrSvg: z.string().describe('The QR code as an SVG document'),
            })
            .meta({ id: 'MfaEnrolment' }),
          ...problems,
        },
      },
    },
    async (request) => {
      const auth = request.auth;
      if (!auth) throw unauthenticated();
      const out = await beginEnrolment(mfa, auth, meta(request));
      await auditAccountChange(deps.db, auth.user.id, request.actor, {
        action: 'account.mfa_setup_started',
        data: {},
      });
      return out;
    },
  );

  r.post(
    '/me/mfa/totp/confirm',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Turn two-step sign-in on with a first code from the app (signs out your other sessions)',
        body: z.object({ code }),
        response: {
          200: z.object({ recoveryCodes, otherSessionsSignedOut: z.number().int() }),
          ...problems,
        },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      return confirmEnrolment(mfa, request.auth, request.body.code, meta(request));
    },
  );

  r.delete(
    '/me/mfa',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'Turn two-step sign-in off: needs your password and a code (or a recovery code)',
        body: z.object({ password: z.string().min(1).max(1024), code }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      await disableMfa(mfa, request.auth, request.body, meta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/me/mfa/recovery-codes',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['account'],
        summary: 'New recovery codes for a code from the app; the old ones stop working',
        body: z.object({ code }),
        response: { 200: z.object({ recoveryCodes }), ...problems },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      return regenerateRecoveryCodes(mfa, request.auth, request.body.code, meta(request));
    },
  );
}
