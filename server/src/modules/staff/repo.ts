import type { ClinicRole } from '../../platform/db/schema.ts';
import { tablesOf } from '../../platform/db/tables.ts';
import type { ClinicTx } from '../../platform/db/tenancy.ts';
import type { DoctorSetup } from '../scheduling/index.ts';
import type { MemberRole } from './schema.ts';
import type { StaffTables } from './tables.ts';

const dbOf = tablesOf<StaffTables>();

/** The roles that make someone staff; a patient membership is not staff. */
export const STAFF_ROLES: readonly MemberRole[] = ['owner', 'doctor', 'secretary'];

export interface StaffRow {
  userId: string;
  name: string;
  email: string | null;
  role: MemberRole;
  status: 'active' | 'removed';
  createdAt: Date;
  removedAt: Date | null;
  /** The person signs in with a second factor (platform/auth/mfa.ts). */
  twoStep: boolean;
}

/** Every staff membership (active or removed) of the clinic, or of one user in it. */
export async function listStaffRows(tx: ClinicTx, userId?: string): Promise<StaffRow[]> {
  let q = dbOf(tx)
    .selectFrom('memberships')
    .where('memberships.clinic_id', '=', tx.clinicId)
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('identities', (j) =>
      j.onRef('identities.user_id', '=', 'users.id').on('identities.kind', '=', 'email'),
    )
    .leftJoin('user_mfa', 'user_mfa.user_id', 'users.id')
    .select([
      'memberships.user_id',
      'users.name',
      'identities.value as email',
      'user_mfa.confirmed_at as mfa_confirmed_at',
      'memberships.role',
      'memberships.status',
      'memberships.created_at',
      'memberships.removed_at',
    ])
    .where('memberships.role', 'in', STAFF_ROLES)
    .orderBy('users.name')
    .orderBy('memberships.user_id');
  if (userId) q = q.where('memberships.user_id', '=', userId);
  const rows = await q.execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role as MemberRole,
    status: r.status,
    createdAt: r.created_at,
    removedAt: r.removed_at,
    twoStep: r.mfa_confirmed_at !== null,
  }));
}

/** The owner's rule: the clinic's staff must sign in with a second factor. */
export async function staffMfaRequired(tx: ClinicTx): Promise<boolean> {
  const row = await dbOf(tx)
    .selectFrom('clinics')
    .select('staff_mfa_required')
    .where('id', '=', tx.clinicId)
    .executeTakeFirstOrThrow();
  return row.staff_mfa_required;
}

export async function setStaffMfaRequired(tx: ClinicTx, required: boolean): Promise<boolean> {
  const row = await dbOf(tx)
    .updateTable('clinics')
    .set({ staff_mfa_required: required, updated_at: tx.now })
    .where('id', '=', tx.clinicId)
    .where('staff_mfa_required', '<>', required)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether the person signing in with this email already holds the role here. One query whatever
 * the email (an account or none), so adding staff takes the same work for both.
 */
export async function holdsRoleByEmail(tx: ClinicTx, email: string, role: MemberRole): Promise<boolean> {
  const row = await dbOf(tx)
    .selectFrom('memberships')
    .innerJoin('identities', (j) =>
      j.onRef('identities.user_id', '=', 'memberships.user_id').on('identities.kind', '=', 'email'),
    )
    .select('memberships.user_id')
    .where('memberships.clinic_id', '=', tx.clinicId)
    .where('identities.value', '=', email)
    .where('memberships.role', '=', role)
    .where('memberships.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

export async function activeRolesOf(tx: ClinicTx, userId: string): Promise<ClinicRole[]> {
  const rows = await dbOf(tx)
    .selectFrom('memberships')
    .where('memberships.clinic_id', '=', tx.clinicId)
    .select('role')
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.role);
}

/**
 * Gives `userId` the role, or gives it back if it was removed.
 * Returns false when they already had it: the primary key makes a duplicate impossible, even under races.
 */
export async function grantMembership(
  tx: ClinicTx,
  userId: string,
  role: ClinicRole,
  by: string | null,
): Promise<boolean> {
  const row = await dbOf(tx)
    .insertInto('memberships')
    .values({ clinic_id: tx.clinicId, user_id: userId, role, created_by: by })
    .onConflict((oc) =>
      oc
        .columns(['clinic_id', 'user_id', 'role'])
        .doUpdateSet({ status: 'active', removed_at: null, removed_by: null, created_by: by })
        .where('memberships.status', '=', 'removed'),
    )
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Locks the clinic's active owners, in a fixed order so two removals cannot deadlock, and returns them.
 * A concurrent removal waits here and then sees the other's result.
 */
export async function lockActiveOwners(tx: ClinicTx): Promise<string[]> {
  const rows = await dbOf(tx)
    .selectFrom('memberships')
    .where('memberships.clinic_id', '=', tx.clinicId)
    .select('user_id')
    .where('role', '=', 'owner')
    .where('status', '=', 'active')
    .orderBy('user_id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.user_id);
}

/** Soft-removes every active staff role of the user; returns the roles removed. */
export async function removeStaffRoles(
  tx: ClinicTx,
  userId: string,
  by: string | null,
): Promise<MemberRole[]> {
  const rows = await dbOf(tx)
    .updateTable('memberships')
    .where('memberships.clinic_id', '=', tx.clinicId)
    .set({ status: 'removed', removed_at: tx.now, removed_by: by })
    .where('user_id', '=', userId)
    .where('role', 'in', STAFF_ROLES)
    .where('status', '=', 'active')
    .returning('role')
    .execute();
  return rows.map((r) => r.role as MemberRole);
}

export async function clinicName(tx: ClinicTx): Promise<string> {
  const row = await dbOf(tx)
    .selectFrom('clinics')
    .select('name')
    .where('id', '=', tx.clinicId)
    .executeTakeFirstOrThrow();
  return row.name;
}

export interface InvitationRow {
  id: string;
  email: string;
  name: string;
  role: MemberRole;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  setsPasswordFor: string | null;
  /** Scheduling's DoctorSetup, checked when the invitation was issued. */
  doctorSetup: DoctorSetup | null;
}

const invitationColumns = [
  'id',
  'email',
  'name',
  'role',
  'invited_by',
  'created_at',
  'expires_at',
  'accepted_at',
  'revoked_at',
  'sets_password_for',
  'doctor_setup',
] as const;

function toInvitation(r: {
  id: string;
  email: string;
  name: string;
  role: MemberRole;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  sets_password_for: string | null;
  doctor_setup: unknown;
}): InvitationRow {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    invitedBy: r.invited_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    revokedAt: r.revoked_at,
    setsPasswordFor: r.sets_password_for,
    doctorSetup: (r.doctor_setup ?? null) as DoctorSetup | null,
  };
}

export async function insertInvitation(
  tx: ClinicTx,
  row: {
    id: string;
    email: string;
    name: string;
    role: MemberRole;
    tokenHash: Buffer;
    invitedBy: string | null;
    expiresAt: Date;
    setsPasswordFor: string | null;
    doctorSetup?: DoctorSetup | null;
  },
): Promise<InvitationRow> {
  const inserted = await dbOf(tx)
    .insertInto('invitations')
    .values({
      clinic_id: tx.clinicId,
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      token_hash: row.tokenHash,
      invited_by: row.invitedBy,
      created_at: tx.now,
      expires_at: row.expiresAt,
      sets_password_for: row.setsPasswordFor,
      doctor_setup: row.doctorSetup ? JSON.stringify(row.doctorSetup) : null,
    })
    .returning(invitationColumns)
    .executeTakeFirstOrThrow();
  return toInvitation(inserted);
}

/** Revokes the pending invitations for this email and role: a new invitation replaces the old link. */
export async function revokePendingFor(tx: ClinicTx, email: string, role: MemberRole): Promise<number> {
  const rows = await dbOf(tx)
    .updateTable('invitations')
    .where('invitations.clinic_id', '=', tx.clinicId)
    .set({ revoked_at: tx.now })
    .where('email', '=', email)
    .where('role', '=', role)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/** Revokes the pending invitations sent to this user's email, whatever their role; returns how many. */
export async function revokePendingForUser(tx: ClinicTx, userId: string): Promise<number> {
  const rows = await dbOf(tx)
    .updateTable('invitations')
    .where('invitations.clinic_id', '=', tx.clinicId)
    .set({ revoked_at: tx.now })
    .where('email', 'in', (eb) =>
      eb.selectFrom('identities').select('value').where('user_id', '=', userId).where('kind', '=', 'email'),
    )
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/** Whether the clinic takes new members now (a suspended one does not). */
export async function clinicIsActive(tx: ClinicTx): Promise<boolean> {
  const row = await dbOf(tx)
    .selectFrom('clinics')
    .select('status')
    .where('id', '=', tx.clinicId)
    .executeTakeFirst();
  return row?.status === 'active';
}

/** The invitation with this token hash, locked: a concurrent accept of the same token waits here. */
export async function lockInvitationByToken(
  tx: ClinicTx,
  tokenHash: Buffer,
): Promise<InvitationRow | undefined> {
  const row = await dbOf(tx)
    .selectFrom('invitations')
    .where('invitations.clinic_id', '=', tx.clinicId)
    .select(invitationColumns)
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
  return row && toInvitation(row);
}

export async function markInvitationAccepted(tx: ClinicTx, id: string, userId: string): Promise<void> {
  await dbOf(tx)
    .updateTable('invitations')
    .where('invitations.clinic_id', '=', tx.clinicId)
    .set({ accepted_at: tx.now, accepted_by: userId })
    .where('id', '=', id)
    .execute();
}

/**
 * Pending invitations, newest first, one page at a time. Ids are UUIDv7 (time-ordered), so the
 * last id of a page is the cursor of the next.
 */
export async function listPendingInvitations(
  tx: ClinicTx,
  page: { limit: number; cursor?: string | undefined },
): Promise<InvitationRow[]> {
  let q = dbOf(tx)
    .selectFrom('invitations')
    .where('invitations.clinic_id', '=', tx.clinicId)
    .select(invitationColumns)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', tx.now)
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.cursor) q = q.where('id', '<', page.cursor);
  const rows = await q.execute();
  return rows.map(toInvitation);
}

/** Revokes one pending invitation; returns it, or undefined when there is no such pending invitation. */
export async function revokeInvitation(tx: ClinicTx, id: string): Promise<InvitationRow | undefined> {
  const row = await dbOf(tx)
    .updateTable('invitations')
    .where('invitations.clinic_id', '=', tx.clinicId)
    .set({ revoked_at: tx.now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning(invitationColumns)
    .executeTakeFirst();
  return row && toInvitation(row);
}
