import { type Actor, type Database, systemActor } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { withGlobal } from '../db/tenancy.ts';
import { badRequest, tooManyRequests } from '../http/errors.ts';
import type { JobDefinition } from '../jobs/types.ts';
import { enqueueMessage, type OutboxSignal } from '../notify/message.ts';
import { auditAccountChange } from './account-audit.ts';
import { consumeReset, findLiveReset, insertReset, setPasswordHash, supersedeResets } from './credentials.ts';
import { hashPassword, newToken, sha256 } from './crypto.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { hit, reset } from './rate-limit.ts';
import { revokeAllSessions } from './sessions.ts';
import { findEmailIdentity, normalizeEmail } from './users.ts';

/** A reset link works this long, once. */
export const RESET_TTL_MS = 30 * 60 * 1000;
/** Links sent to one email per hour: a forgetful person's few tries, not a way to flood a mailbox. */
export const RESETS_PER_EMAIL = { max: 3, windowSeconds: 60 * 60 };
const REQUESTS_PER_IP = { max: 20, windowSeconds: 60 * 60 };
const COMPLETIONS_PER_IP = { max: 30, windowSeconds: 60 * 60 };

export const PASSWORD_RESET_JOB = 'auth.password-reset';

export interface ResetDeps {
  db: Database;
  outbox: OutboxSignal;
  settings: { publicUrl: string };
}

/**
 * "Forgot password": counts the request (per address, per email) and queues a job that looks the
 * email up and, if an active account signs in with it, emails a link. The request itself never
 * reads the account, so its answer and its timing are the same whether or not the email exists.
 * Past the per-email limit nothing more is sent, with the same answer; past the per-address limit
 * the caller gets 429 (which says nothing about any email).
 */
export async function requestPasswordReset(
  db: Database,
  rawEmail: string,
  meta: { ip?: string | undefined },
): Promise<void> {
  const email = normalizeEmail(rawEmail);
  const retryAfter = await withGlobal(db, { kind: 'public', userId: null, ip: meta.ip }, async (tx) => {
    const ip = await hit(tx, { key: `pwreset:ip:${meta.ip ?? 'unknown'}`, ...REQUESTS_PER_IP });
    if (!ip.allowed) return ip.retryAfter;
    const perEmail = await hit(tx, { key: `pwreset:email:${email}`, ...RESETS_PER_EMAIL });
    if (perEmail.allowed) {
      await tx.enqueue({ name: PASSWORD_RESET_JOB, payload: { email, ip: meta.ip ?? null } });
    }
    return 0;
  });
  if (retryAfter > 0) {
    throw tooManyRequests(
      'too_many_requests',
      'Too many password reset requests; try again later',
      retryAfter,
    );
  }
}

/**
 * The job: a new link for an active account with this email (older unused links stop working),
 * emailed only to that mailbox. The token travels in the link's fragment (`#token=`), which
 * browsers never send to a server, so it reaches no access log; the page posts it in a body.
 */
export async function sendPasswordReset(deps: ResetDeps, payload: { email: string; ip: string | null }) {
  await withGlobal(deps.db, systemActor, async (tx) => {
    const account = await findEmailIdentity(tx, payload.email);
    if (account?.status !== 'active') return;
    await supersedeResets(tx, account.userId);
    const token = newToken();
    await insertReset(tx, {
      id: newId(tx.now.getTime()),
      userId: account.userId,
      tokenHash: sha256(token),
      expiresAt: new Date(tx.now.getTime() + RESET_TTL_MS),
      ip: payload.ip,
    });
    await enqueueMessage(tx, deps.outbox, {
      channel: 'email',
      to: payload.email,
      subject: 'Choose a new Cliniclick password',
      body: [
        'Cliniclick: someone asked to reset the password of the account with this email address.',
        'Choose a new password here (the link works once, for 30 minutes):',
        `${deps.settings.publicUrl}/app/reset-password#token=${token}`,
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ].join('\n\n'),
    });
  });
}

export const passwordResetJob: JobDefinition<ResetDeps> = {
  name: PASSWORD_RESET_JOB,
  maxAttempts: 5,
  run: (payload, ctx) => sendPasswordReset(ctx, payload as { email: string; ip: string | null }),
};

/** One answer for every unusable link: expired, used, superseded or never issued. */
export const resetInvalid = () =>
  badRequest('reset_invalid', 'This password reset link is not valid any more; ask for a new one');

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sets a new password with an emailed link. The link works once: it is used up in the same
 * statement that checks it, so of two requests with it (even at the same moment) one succeeds.
 * A password the policy refuses leaves the link usable for a better one. Success signs the account
 * out everywhere and marks its email verified (the link went only to that mailbox: the same proof
 * an accepted invitation gives, docs/SECURITY.md "Accounts and email ownership").
 */
export async function completePasswordReset(
  db: Database,
  input: { token: string; newPassword: string },
  meta: { ip?: string | undefined; requestId?: string | undefined },
): Promise<void> {
  const publicActor: Actor = { kind: 'public', userId: null, ip: meta.ip, requestId: meta.requestId };
  const tokenHash = sha256(input.token);
  const pre = await withGlobal(db, publicActor, async (tx) => {
    const ip = await hit(tx, { key: `pwreset-complete:ip:${meta.ip ?? 'unknown'}`, ...COMPLETIONS_PER_IP });
    if (!ip.allowed) return { retryAfter: ip.retryAfter, account: undefined };
    return {
      retryAfter: 0,
      account: TOKEN_RE.test(input.token) ? await findLiveReset(tx, tokenHash) : undefined,
    };
  });
  if (pre.retryAfter > 0) {
    throw tooManyRequests('too_many_requests', 'Too many attempts; try again later', pre.retryAfter);
  }
  const account = pre.account;
  if (!account) throw resetInvalid();
  assertPasswordAllowed(input.newPassword, account, 'newPassword');
  const hash = await hashPassword(input.newPassword);
  const actor: Actor = { ...publicActor, kind: 'user', userId: account.userId };
  const revoked = await withGlobal(db, actor, async (tx) => {
    const userId = await consumeReset(tx, tokenHash);
    if (userId !== account.userId) return null;
    await setPasswordHash(tx, userId, hash, { verifyEmail: true });
    await reset(tx, `login-fail:${account.email}`);
    return revokeAllSessions(tx, userId, 'password_reset');
  });
  if (revoked === null) throw resetInvalid();
  await auditAccountChange(db, account.userId, actor, {
    action: 'account.password_reset',
    data: { sessionsSignedOut: revoked },
  });
}
