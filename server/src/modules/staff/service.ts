import { normalizeEmail } from '../../platform/auth/users.ts';
import type { Actor } from '../../platform/db/database.ts';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import { conflict, notFound } from '../../platform/http/errors.ts';
import { enqueueMessage } from '../../platform/notify/message.ts';
import { checkDoctorSetup, type DoctorSetup } from '../scheduling/index.ts';
import { plainLine } from './email-text.ts';
import { type InvitationDeps, issueInvitation, spendStaffEmail } from './invitations.ts';
import type { InvitationRow, StaffRow } from './repo.ts';
import * as repo from './repo.ts';
import type { MemberRole, StaffRole } from './schema.ts';

/** What the staff use cases need; `publicUrl` is where links in emails point. */
export type StaffDeps = InvitationDeps;

export interface StaffMember {
  userId: string;
  name: string;
  email: string | null;
  roles: MemberRole[];
  status: 'active' | 'removed';
  since: Date;
  removedAt: Date | null;
  twoStep: boolean;
}

export type StaffStatusFilter = 'active' | 'removed' | 'all';

/** One entry per person: active if any staff role is active, listing those; otherwise the roles they had. */
export function groupStaff(rows: StaffRow[]): StaffMember[] {
  const byUser = new Map<string, StaffRow[]>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const out: StaffMember[] = [];
  for (const [userId, all] of byUser) {
    const active = all.filter((r) => r.status === 'active');
    const shown = active.length > 0 ? active : all;
    const first = all[0]!;
    out.push({
      userId,
      name: first.name,
      email: first.email,
      roles: repo.STAFF_ROLES.filter((role) => shown.some((r) => r.role === role)),
      status: active.length > 0 ? 'active' : 'removed',
      since: new Date(Math.min(...shown.map((r) => r.createdAt.getTime()))),
      removedAt:
        active.length > 0 ? null : new Date(Math.max(...all.map((r) => r.removedAt?.getTime() ?? 0))),
      twoStep: first.twoStep,
    });
  }
  return out;
}

/** The staff of the transaction's clinic, for other modules (the admin console shows the owners). */
export async function currentStaff(tx: ClinicTx): Promise<StaffMember[]> {
  return groupStaff(await repo.listStaffRows(tx)).filter((m) => m.status === 'active');
}

export async function listStaff(
  deps: StaffDeps,
  clinicId: string,
  actor: Actor,
  status: StaffStatusFilter,
): Promise<StaffMember[]> {
  const rows = await withClinic(deps.db, clinicId, actor, (tx) => repo.listStaffRows(tx));
  return groupStaff(rows).filter((m) => status === 'all' || m.status === status);
}

/**
 * Adds a doctor or secretary: always by an invitation emailed to the address, which the person
 * accepts (with their own password if they already have an account, or a new one). Nothing is
 * granted before they accept, so an owner can never attach someone's account to their clinic,
 * nor see their name, without the person's consent. The answer, the email, the audit entry and
 * the work done are the same whether the address has a verified account, an unverified one or
 * none: the owner learns nothing about whether it has an account. No token or link is ever
 * returned: only the mailbox gets it.
 */
export async function addStaff(
  deps: StaffDeps,
  clinicId: string,
  actor: Actor,
  input: { email: string; name: string; role: StaffRole; doctorSetup?: DoctorSetup | undefined },
): Promise<InvitationRow> {
  const email = normalizeEmail(input.email);
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    // Someone already in the staff list with this role (the owner sees that list anyway).
    if (await repo.holdsRoleByEmail(tx, email, input.role)) throw alreadyMember(input.role);
    if (input.doctorSetup) await checkDoctorSetup(tx, input.doctorSetup);
    return issueInvitation(tx, deps, {
      email,
      name: input.name,
      role: input.role,
      setsPasswordFor: null,
      doctorSetup: input.doctorSetup ?? null,
    });
  });
}

/**
 * Grants a staff role in the transaction's clinic, audits it and tells the person by email.
 * Used by the platform when it creates a clinic with its owner (owners add staff by invitation).
 */
export async function addMember(
  tx: ClinicTx,
  deps: Pick<StaffDeps, 'outbox' | 'publicUrl'>,
  input: {
    userId: string;
    email: string;
    role: MemberRole;
    newAccount: boolean;
    /** false when another email (a "set your password" link) tells them instead. */
    notify?: boolean;
  },
): Promise<StaffMember> {
  const granted = await repo.grantMembership(tx, input.userId, input.role, tx.actor.userId);
  // Two owners adding the same person at once: the primary key lets one through.
  if (!granted) throw alreadyMember(input.role);
  // The person is in now; an older invitation link for the same role must not linger.
  await repo.revokePendingFor(tx, input.email, input.role);
  await tx.audit({
    action: 'staff.added',
    entityType: 'user',
    entityId: input.userId,
    data: { role: input.role, email: input.email, newAccount: input.newAccount },
  });
  if (input.notify !== false) {
    await spendStaffEmail(tx);
    const clinic = plainLine(await repo.clinicName(tx));
    await enqueueMessage(tx, deps.outbox, {
      channel: 'email',
      to: input.email,
      subject: `You have been added to ${clinic} on Cliniclick`,
      body: [
        `You now have the ${input.role} role at ${clinic}.`,
        `Sign in at ${deps.publicUrl}/app with this email address.`,
      ].join('\n\n'),
    });
  }
  const [member] = groupStaff(await repo.listStaffRows(tx, input.userId));
  return member!;
}

/**
 * Takes away every staff role of a person in the clinic (nothing is deleted); their next request
 * there is refused. The last active owner cannot be removed.
 */
export async function removeStaff(
  deps: StaffDeps,
  clinicId: string,
  actor: Actor,
  userId: string,
): Promise<void> {
  await withClinic(deps.db, clinicId, actor, async (tx) => {
    const roles = await repo.activeRolesOf(tx, userId);
    if (!roles.some((r) => r !== 'patient')) throw notFound('Staff member');
    if (roles.includes('owner')) {
      // Locked, so two owners removing each other at once cannot leave the clinic with none.
      const owners = await repo.lockActiveOwners(tx);
      if (!owners.some((id) => id !== userId)) {
        throw conflict('last_owner', 'A clinic needs an owner: add another owner before removing this one');
      }
    }
    const removed = await repo.removeStaffRoles(tx, userId, actor.userId);
    if (removed.length === 0) throw notFound('Staff member'); // removed meanwhile by someone else
    // A link sent before the removal must not bring them back.
    const invitationsRevoked = await repo.revokePendingForUser(tx, userId);
    await tx.audit({
      action: 'staff.removed',
      entityType: 'user',
      entityId: userId,
      data: { roles: removed, ...(invitationsRevoked > 0 ? { invitationsRevoked } : {}) },
    });
  });
}

function alreadyMember(role: MemberRole) {
  return conflict('already_member', `This person is already a ${role} of this clinic`);
}

/** Whether the clinic's staff must sign in with a second factor. */
export function signInPolicy(deps: StaffDeps, clinicId: string, actor: Actor): Promise<boolean> {
  return withClinic(deps.db, clinicId, actor, (tx) => repo.staffMfaRequired(tx));
}

/**
 * The owner requires (or stops requiring) two-step sign-in of the clinic's staff. From then on a
 * staff member whose session has not passed a second factor is refused on this clinic's routes
 * (403 `mfa_required`, platform/access/hook.ts) and sent to set it up; other clinics are not
 * touched. Turning it on needs the owner's own session to have passed one, so the owner cannot
 * lock themselves out by mistake.
 */
export async function setSignInPolicy(
  deps: StaffDeps,
  clinicId: string,
  actor: Actor,
  input: { staffMfaRequired: boolean; callerHasMfa: boolean },
): Promise<boolean> {
  if (input.staffMfaRequired && !input.callerHasMfa) {
    throw conflict(
      'mfa_enroll_first',
      'Turn on two-step sign-in for your own account first, then require it of your staff',
    );
  }
  await withClinic(deps.db, clinicId, actor, async (tx) => {
    if (await repo.setStaffMfaRequired(tx, input.staffMfaRequired)) {
      await tx.audit({
        action: 'clinic.staff_mfa_required_changed',
        entityType: 'clinic',
        entityId: clinicId,
        data: { staffMfaRequired: input.staffMfaRequired },
      });
    }
  });
  return input.staffMfaRequired;
}
