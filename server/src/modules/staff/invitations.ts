import { newToken, sha256, verifyPassword } from '../../platform/auth/crypto.ts';
import {
  LOCKOUT_FAILURES,
  LOCKOUT_WINDOW_SECONDS,
  lockedOut,
  type PasswordSignIn,
} from '../../platform/auth/login.ts';
import { mfaEnabled, startChallenge } from '../../platform/auth/mfa.ts';
import { assertPasswordAllowed } from '../../platform/auth/password-policy.ts';
import { hit, peek, reset } from '../../platform/auth/rate-limit.ts';
import { type ClientMeta, createSession } from '../../platform/auth/sessions.ts';
import {
  claimUnverifiedEmail,
  emailRace,
  findEmailIdentity,
  findOrCreateEmailUser,
  isEmailIdentityRace,
} from '../../platform/auth/users.ts';
import type { Actor, Database } from '../../platform/db/database.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import { AppError, badRequest, notFound, tooManyRequests } from '../../platform/http/errors.ts';
import { enqueueMessage, type OutboxSignal } from '../../platform/notify/message.ts';
import { applyDoctorSetup, type DoctorSetup } from '../scheduling/index.ts';
import { plainLine, quoteUserText } from './email-text.ts';
import type { InvitationRow } from './repo.ts';
import * as repo from './repo.ts';
import type { MemberRole } from './schema.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Emails about staff (invitations, "you were added") one clinic may send per hour: enough for any
 * real hiring, too few for an owner to use our address as a mailer.
 */
export const STAFF_EMAILS_PER_HOUR = 50;

export interface InvitationDeps {
  db: Database;
  outbox: OutboxSignal;
  publicUrl: string;
}

/**
 * Counts one staff email against the clinic's hourly budget, in the caller's transaction, or
 * refuses with 429 too_many_invitations. A refused request rolls back, its count with it.
 */
export async function spendStaffEmail(tx: ClinicTx): Promise<void> {
  const state = await hit(tx, {
    key: `staff-email:clinic:${tx.clinicId}`,
    max: STAFF_EMAILS_PER_HOUR,
    windowSeconds: 60 * 60,
  });
  if (!state.allowed) {
    throw tooManyRequests(
      'too_many_invitations',
      'This clinic has sent too many invitations in the last hour; try again later',
      state.retryAfter,
    );
  }
}

/**
 * Creates an invitation in the transaction's clinic and emails its link. The link goes ONLY to
 * the invited mailbox, never back to the caller: accepting it is what proves the person holds that
 * email, which is what lets an unverified account be claimed (see acceptInvitation). The token is
 * `<clinicId>.<random>`: accepting must find the row under row-level security, which needs the
 * clinic first; only the token's sha256 is stored. A newer invitation for the same email and
 * role replaces the older one.
 */
export async function issueInvitation(
  tx: ClinicTx,
  deps: Pick<InvitationDeps, 'outbox' | 'publicUrl'>,
  input: {
    email: string;
    name: string;
    role: MemberRole;
    setsPasswordFor: string | null;
    doctorSetup?: DoctorSetup | null;
  },
): Promise<InvitationRow> {
  await spendStaffEmail(tx);
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
    doctorSetup: input.doctorSetup ?? null,
  });
  // In the fragment: browsers never send it, so the token reaches no server or proxy log.
  const link = `${deps.publicUrl}/app/invite#${token}`;
  const clinic = plainLine(await repo.clinicName(tx));
  const setPassword = input.setsPasswordFor !== null;
  await enqueueMessage(tx, deps.outbox, {
    channel: 'email',
    to: input.email,
    subject: setPassword
      ? `Set your password for ${clinic} on Cliniclick`
      : `You are invited to join ${clinic} on Cliniclick`,
    // Our words first; the name the inviter typed only later, quoted and defanged.
    body: [
      setPassword
        ? `Cliniclick: you are the ${input.role} of ${clinic}. Choose your password here (the link works for 7 days):`
        : `Cliniclick: you are invited to join ${clinic} as ${input.role}. Accept here (the link works for 7 days):`,
      link,
      `The invitation is addressed to “${quoteUserText(input.name)}” at this email address.`,
      'If you did not expect this email, you can ignore it.',
    ].join('\n\n'),
  });
  await tx.audit({
    action: 'staff.invited',
    entityType: 'invitation',
    entityId: invitation.id,
    data: {
      email: input.email,
      role: input.role,
      setsPassword: setPassword,
      withSetup: Boolean(input.doctorSetup),
    },
  });
  return invitation;
}

export const INVITATIONS_PAGE_MAX = 100;

export async function listInvitations(
  deps: InvitationDeps,
  clinicId: string,
  actor: Actor,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: InvitationRow[]; nextCursor: string | null }> {
  const limit = Math.min(page.limit, INVITATIONS_PAGE_MAX);
  // One extra row tells whether there is a next page.
  const rows = await withClinic(deps.db, clinicId, actor, (tx) =>
    repo.listPendingInvitations(tx, { limit: limit + 1, cursor: page.cursor }),
  );
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
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
  | { kind: 'ok'; signIn: PasswordSignIn }
  | { kind: 'invalid' }
  | { kind: 'wrong_password' }
  | { kind: 'locked'; retryAfter: number };

/**
 * Accepts an invitation and signs the person in. The token was sent only to the invited mailbox,
 * so presenting it proves the person holds that email:
 * - no account yet: one is made with the given password, its email verified;
 * - an account whose email was never verified (someone, maybe another clinic's owner, chose its
 *   password): the mailbox holder claims it: the given password replaces the old one, the email
 *   becomes verified, and every session of the account is revoked;
 * - a verified account: it is the person's own, so they must sign in with its password (with the
 *   same lockout as sign-in); the token never changes a verified account's password.
 * The invitation row and the account's identity are locked, so a second accept of the same token,
 * or a claim through another clinic's invitation at the same moment, waits and then sees the result.
 */
export async function acceptInvitation(
  deps: InvitationDeps,
  input: { token: string; name?: string | undefined; password: string },
  meta: ClientMeta & { requestId?: string | undefined },
): Promise<PasswordSignIn> {
  const clinicId = clinicIdOfToken(input.token);
  if (!clinicId) throw invitationInvalid();
  const actor: Actor = { kind: 'public', userId: null, requestId: meta.requestId, ip: meta.ip };
  const outcome = await withClinic(deps.db, clinicId, actor, async (tx): Promise<AcceptOutcome> => {
    const inv = await repo.lockInvitationByToken(tx, sha256(input.token));
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt.getTime() <= tx.now.getTime()) {
      return { kind: 'invalid' };
    }
    // A suspended clinic takes no one in (and its link must not take over an account either).
    if (!(await repo.clinicIsActive(tx))) return { kind: 'invalid' };
    const account = await findEmailIdentity(tx, inv.email, { lock: true });
    let userId: string;
    if (!account) {
      assertPasswordAllowed(input.password, { email: inv.email, name: input.name ?? inv.name });
      ({ userId } = await findOrCreateEmailUser(tx, {
        email: inv.email,
        name: input.name ?? inv.name,
        password: input.password,
        verified: true,
      }));
    } else if (account.status !== 'active') {
      return { kind: 'invalid' };
    } else if (!account.verified) {
      assertPasswordAllowed(input.password, { email: inv.email, name: input.name ?? account.name });
      await claimUnverifiedEmail(tx, account.userId, input.password);
      userId = account.userId;
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
      if (!ok) {
        await hit(tx, lockout); // committed: the outcome is returned, not thrown
        return { kind: 'wrong_password' };
      }
      await reset(tx, lockout.key);
      userId = account.userId;
    }
    const granted = await repo.grantMembership(tx, userId, inv.role, inv.invitedBy);
    await repo.markInvitationAccepted(tx, inv.id, userId);
    const by: Actor = { kind: 'user', userId, requestId: meta.requestId, ip: meta.ip };
    // The clinic's audit (which its owners read) does not say whether the account existed before
    // or was claimed: that is the person's business. A claim is recorded on the account itself
    // (its sessions end with `email_claimed`).
    await tx.audit(
      {
        action: 'invitation.accepted',
        entityType: 'invitation',
        entityId: inv.id,
        data: { email: inv.email, role: inv.role, userId },
      },
      by,
    );
    if (granted) {
      await tx.audit(
        {
          action: 'staff.added',
          entityType: 'user',
          entityId: userId,
          data: { role: inv.role, email: inv.email, invitationId: inv.id },
        },
        by,
      );
      // The set-up the clinic prepared for an invited doctor: their records can exist from now.
      if (inv.role === 'doctor' && inv.doctorSetup) {
        await applyDoctorSetup(tx, userId, inv.doctorSetup, { invitationId: inv.id, by });
      }
    }
    // An account with two-step sign-in on has joined, but signs in past its second factor.
    if (await mfaEnabled(tx, userId)) {
      return { kind: 'ok', signIn: { mfa: await startChallenge(tx, userId, meta.ip), userId } };
    }
    const session = await createSession(tx, userId, 'invitation', meta);
    return { kind: 'ok', signIn: { session, userId } };
  }).catch((err: unknown) => {
    // Two invitations for one new email accepted at once: the other made the account first.
    throw isEmailIdentityRace(err) ? emailRace() : err;
  });
  switch (outcome.kind) {
    case 'ok':
      return outcome.signIn;
    case 'invalid':
      throw invitationInvalid();
    case 'wrong_password':
      // Only the holder of the emailed token gets here, so telling them their email already has
      // an account reveals nothing to anyone else.
      throw new AppError(
        401,
        'invalid_credentials',
        'This email already has a Cliniclick account: sign in with that account’s existing password to accept',
      );
    case 'locked':
      throw lockedOut(outcome.retryAfter);
  }
}
