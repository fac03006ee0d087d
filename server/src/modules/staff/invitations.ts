import { appendAudit } from '../../platform/audit/audit.ts';
import { hashPassword, newToken, sha256, verifyPassword } from '../../platform/auth/crypto.ts';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS } from '../../platform/auth/login.ts';
import { hit, peek, reset } from '../../platform/auth/rate-limit.ts';
import { type ClientMeta, createSession, type IssuedSession } from '../../platform/auth/sessions.ts';
import { findOrCreateEmailUser } from '../../platform/auth/users.ts';
import type { Actor, Database } from '../../platform/db/database.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts';
import { enqueueMessage, type OutboxSignal } from '../../platform/notify/message.ts';
import type { InvitationRow } from './repo.ts';
import * as repo from './repo.ts';
import type { MemberRole } from './schema.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InvitationDeps {
  db: Database;
  outbox: OutboxSignal;
  publicUrl: string;
}

/**
 * Creates an invitation in the transaction's clinic and emails its link. The token is
 * `<clinicId>.<random>`: accepting must find the row under row-level security, which needs the
 * clinic first; only the token's sha256 is stored. A newer invitation for the same email and
 * role replaces the older one.
 */
export async function issueInvitation(
  tx: ClinicTx,
  deps: Pick<InvitationDeps, 'outbox' | 'publicUrl'>,
  input: { email: string; name: string; role: MemberRole; setsPasswordFor: string | null },
): Promise<{ invitation: InvitationRow; link: string }> {
  await repo.revokePendingFor(tx, input.email, input.role);
  const token = `${tx.clinicId}.${newToken()}`;
  const invitation = await repo.insertInvitation(tx, {
    id: newId(tx.now.getTime()),
    email: input.email,
    name: input.name,
    role: input.role,
    tokenHash: sha256(token),
    invitedBy: tx.actor.userId,
    expiresAt: new Date(tx.now.getTime() + INVITATION_TTL_MS),
    setsPasswordFor: input.setsPasswordFor,
  });
  const link = `${deps.publicUrl}/app/invite/${token}`;
  const clinic = await repo.clinicName(tx);
  const setPassword = input.setsPasswordFor !== null;
  await enqueueMessage(tx, deps.outbox, {
    channel: 'email',
    to: input.email,
    subject: setPassword
      ? `Set your password for ${clinic} on Cliniclick`
      : `You are invited to join ${clinic} on Cliniclick`,
    body: [
      `Hello ${input.name},`,
      setPassword
        ? `An account was opened for you as ${input.role} of ${clinic}. Choose your password here (the link works for 7 days):`
        : `You are invited to join ${clinic} as ${input.role}. Accept here (the link works for 7 days):`,
      link,
      'If you did not expect this email, you can ignore it.',
    ].join('\n\n'),
  });
  await tx.audit({
    action: 'staff.invited',
    entityType: 'invitation',
    entityId: invitation.id,
    data: { email: input.email, role: input.role, setsPassword: setPassword },
  });
  return { invitation, link };
}

export async function listInvitations(
  deps: InvitationDeps,
  clinicId: string,
  actor: Actor,
): Promise<InvitationRow[]> {
  return withClinic(deps.db, clinicId, actor, (tx) => repo.listPendingInvitations(tx));
}

export async function revokeInvitation(
  deps: InvitationDeps,
  clinicId: string,
  actor: Actor,
  invitationId: string,
): Promise<void> {
  await withClinic(deps.db, clinicId, actor, async (tx) => {
    const revoked = await repo.revokeInvitation(tx, invitationId);
    if (!revoked) throw notFound('Invitation');
    await tx.audit({
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: invitationId,
      data: { email: revoked.email, role: revoked.role },
    });
  });
}

/** One answer for every unusable token, so a token's fate (expired, used, revoked, never existed) is not told. */
export const invitationInvalid = () =>
  badRequest('invitation_invalid', 'This invitation link is not valid any more; ask for a new one');

const TOKEN_RE = /^([0-9a-fA-F-]{36})\.([A-Za-z0-9_-]{20,200})$/;

export function clinicIdOfToken(token: string): string | null {
  const m = TOKEN_RE.exec(token);
  return m && isUuid(m[1]!) ? m[1]!.toLowerCase() : null;
}

type AcceptOutcome =
  | { kind: 'ok'; session: IssuedSession; userId: string }
  | { kind: 'invalid' }
  | { kind: 'wrong_password' }
  | { kind: 'locked'; retryAfter: number };

/**
 * Accepts an invitation and signs the person in. A new account gets the given password; an
 * existing account must prove itself with its own password (the owner who sent the link may hold
 * it too, so the link alone must never open someone's account). The only exception is the
 * owner's "set your password" link, which may set the password of the account it was made for
 * while that account has none. The invitation row is locked, so a second accept of the same token
 * waits and then finds it used.
 */
export async function acceptInvitation(
  deps: InvitationDeps,
  input: { token: string; name?: string | undefined; password: string },
  meta: ClientMeta & { requestId?: string | undefined },
): Promise<{ session: IssuedSession; userId: string }> {
  const clinicId = clinicIdOfToken(input.token);
  if (!clinicId) throw invitationInvalid();
  const actor: Actor = { kind: 'public', userId: null, requestId: meta.requestId, ip: meta.ip };
  const outcome = await withClinic(deps.db, clinicId, actor, async (tx): Promise<AcceptOutcome> => {
    const inv = await repo.lockInvitationByToken(tx, sha256(input.token));
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt.getTime() <= tx.now.getTime()) {
      return { kind: 'invalid' };
    }
    const account = await repo.findEmailAccount(tx, inv.email);
    let userId: string;
    let newAccount = false;
    let passwordSet = false;
    if (!account) {
      ({ userId } = await findOrCreateEmailUser(tx, {
        email: inv.email,
        name: input.name ?? inv.name,
        password: input.password,
      }));
      newAccount = true;
    } else if (account.passwordHash === null && inv.setsPasswordFor === account.userId) {
      await repo.setEmailPassword(tx, account.userId, await hashPassword(input.password));
      userId = account.userId;
      passwordSet = true;
    } else {
      // The same lockout as sign-in: the accept form must not be a way around it.
      const lockout = {
        key: `login-fail:${inv.email}`,
        max: LOCKOUT_FAILURES,
        windowSeconds: LOCKOUT_WINDOW_SECONDS,
      };
      const fails = await peek(tx, lockout);
      if (fails.count >= LOCKOUT_FAILURES) return { kind: 'locked', retryAfter: fails.retryAfter };
      const ok = await verifyPassword(account.passwordHash, input.password);
      if (!ok || account.status !== 'active') {
        await hit(tx, lockout); // committed: the outcome is returned, not thrown
        return { kind: 'wrong_password' };
      }
      await reset(tx, lockout.key);
      userId = account.userId;
    }
    const granted = await repo.grantMembership(tx, userId, inv.role, inv.invitedBy);
    await repo.markInvitationAccepted(tx, inv.id, userId);
    const by: Actor = { kind: 'user', userId, requestId: meta.requestId, ip: meta.ip };
    await appendAudit(
      tx.db,
      clinicId,
      by,
      {
        action: 'invitation.accepted',
        entityType: 'invitation',
        entityId: inv.id,
        data: { email: inv.email, role: inv.role, userId, newAccount, passwordSet },
      },
      tx.now,
    );
    if (granted) {
      await appendAudit(
        tx.db,
        clinicId,
        by,
        {
          action: 'staff.added',
          entityType: 'user',
          entityId: userId,
          data: { role: inv.role, email: inv.email, newAccount, invitationId: inv.id },
        },
        tx.now,
      );
    }
    const session = await createSession(tx, userId, 'invitation', meta);
    return { kind: 'ok', session, userId };
  });
  switch (outcome.kind) {
    case 'ok':
      return { session: outcome.session, userId: outcome.userId };
    case 'invalid':
      throw invitationInvalid();
    case 'wrong_password':
      throw new AppError(
        401,
        'invalid_credentials',
        'This email already has a Cliniclick account: enter that account’s password to accept',
      );
    case 'locked':
      throw new AppError(429, 'account_locked', 'Too many wrong passwords; try again in a few minutes', {
        retryAfter: outcome.retryAfter,
      });
  }
}
