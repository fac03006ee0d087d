import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientMeta, signInReply, signInResponse } from '../../platform/auth/routes.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { clinicIdOf, clinicParams, problemsWithConflictAndLimit } from '../../platform/http/route-kit.ts';
import { acceptInvitation, listInvitations, revokeInvitation } from './invitations.ts';
import type { InvitationRow } from './repo.ts';
import {
  acceptBody,
  addStaffBody,
  addStaffResponse,
  invitationParams,
  type invitationSchema,
  invitationsPage,
  invitationsQuery,
  signInPolicySchema,
  staffMemberSchema,
  staffQuery,
  userParams,
} from './schema.ts';
import {
  addStaff,
  listStaff,
  removeStaff,
  type StaffDeps,
  type StaffMember,
  setSignInPolicy,
  signInPolicy,
} from './service.ts';

const problems = problemsWithConflictAndLimit;

function memberOut(m: StaffMember): z.infer<typeof staffMemberSchema> {
  return { ...m, since: m.since.toISOString(), removedAt: m.removedAt?.toISOString() ?? null };
}

function invitationOut(i: InvitationRow): z.infer<typeof invitationSchema> {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    invitedBy: i.invitedBy,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    doctorSetup: i.doctorSetup,
  };
}

export function registerStaffRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const staff: StaffDeps = { db: deps.db, outbox: deps.outbox, publicUrl: deps.settings.publicUrl };

  r.get(
    '/clinics/:clinicId/staff',
    {
      config: { access: { kind: 'clinic', permission: 'staff.read' } },
      schema: {
        tags: ['staff'],
        summary: 'The clinic’s staff (owners, doctors, secretaries) with their roles',
        params: clinicParams,
        querystring: staffQuery,
        response: { 200: z.object({ items: z.array(staffMemberSchema) }), ...problems },
      },
    },
    async (request) => {
      const items = await listStaff(staff, clinicIdOf(request), request.actor, request.query.status);
      return { items: items.map(memberOut) };
    },
  );

  r.post(
    '/clinics/:clinicId/staff',
    {
      config: { access: { kind: 'clinic', permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Invite a doctor or secretary by email; they join when they accept the emailed link',
        params: clinicParams,
        body: addStaffBody,
        response: { 201: addStaffResponse, ...problems },
      },
    },
    async (request, reply) => {
      const invitation = await addStaff(staff, clinicIdOf(request), request.actor, request.body);
      const body: z.infer<typeof addStaffResponse> = {
        result: 'invited',
        invitation: invitationOut(invitation),
      };
      return reply.status(201).send(body);
    },
  );

  r.delete(
    '/clinics/:clinicId/staff/:userId',
    {
      config: { access: { kind: 'clinic', permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Remove a person’s staff roles; they lose access at once (nothing is deleted)',
        params: userParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeStaff(staff, clinicIdOf(request), request.actor, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/clinics/:clinicId/staff/invitations',
    {
      config: { access: { kind: 'clinic', permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Pending invitations (not accepted, revoked or expired), newest first',
        params: clinicParams,
        querystring: invitationsQuery,
        response: { 200: invitationsPage, ...problems },
      },
    },
    async (request) => {
      const page = await listInvitations(staff, clinicIdOf(request), request.actor, request.query);
      return { items: page.items.map(invitationOut), nextCursor: page.nextCursor };
    },
  );

  r.delete(
    '/clinics/:clinicId/staff/invitations/:invitationId',
    {
      config: { access: { kind: 'clinic', permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Revoke a pending invitation; its link stops working',
        params: invitationParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await revokeInvitation(staff, clinicIdOf(request), request.actor, request.params.invitationId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/clinics/:clinicId/staff/sign-in-policy',
    {
      config: { access: { kind: 'clinic', permission: 'staff.read' } },
      schema: {
        tags: ['staff'],
        summary: 'Whether the clinic’s staff must use two-step sign-in',
        params: clinicParams,
        response: { 200: signInPolicySchema, ...problems },
      },
    },
    async (request) => ({
      staffMfaRequired: await signInPolicy(staff, clinicIdOf(request), request.actor),
    }),
  );

  r.put(
    '/clinics/:clinicId/staff/sign-in-policy',
    {
      config: { access: { kind: 'clinic', permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Require (or stop requiring) two-step sign-in of the clinic’s staff (owner)',
        description:
          'Staff whose session has not passed a second factor are then refused on this clinic’s ' +
          'routes with 403 `mfa_required`. Turning it on needs your own session to have passed one ' +
          '(409 `mfa_enroll_first` otherwise).',
        params: clinicParams,
        body: signInPolicySchema,
        response: { 200: signInPolicySchema, ...problems },
      },
    },
    async (request) => ({
      staffMfaRequired: await setSignInPolicy(staff, clinicIdOf(request), request.actor, {
        staffMfaRequired: request.body.staffMfaRequired,
        callerHasMfa: request.auth?.mfa === true,
      }),
    }),
  );

  r.post(
    '/invitations/accept',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['staff'],
        summary: 'Accept an invitation (or set the first password) and sign in',
        description:
          'An existing account with two-step sign-in on joins, and answers `{mfaRequired: true, ' +
          'challenge}` instead of a session (as `POST /auth/login` does).',
        body: acceptBody,
        response: { 200: signInResponse, ...problems },
      },
    },
    async (request, reply) => {
      const result = await acceptInvitation(staff, request.body, {
        ...clientMeta(request),
        requestId: request.id,
      });
      return signInReply(reply, deps, result);
    },
  );
}
