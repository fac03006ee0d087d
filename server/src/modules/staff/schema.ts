import { z } from 'zod';
import { newPasswordSchema } from '../../platform/auth/password-policy.ts';
import { clinicParamsWith } from '../../platform/http/route-kit.ts';

export const staffRoleSchema = z.enum(['doctor', 'secretary']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

const memberRoleSchema = z.enum(['owner', 'doctor', 'secretary']);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const emailSchema = z.email().max(320);
export const personNameSchema = z.string().trim().min(1).max(200);

export const userParams = clinicParamsWith('userId');
export const invitationParams = clinicParamsWith('invitationId');

export const staffQuery = z.object({
  status: z
    .enum(['active', 'removed', 'all'])
    .default('active')
    .describe('`removed`: people who no longer have any staff role here'),
});

export const staffMemberSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    roles: z.array(memberRoleSchema).describe('Active roles, or for a removed member the roles they had'),
    status: z.enum(['active', 'removed']),
    since: z.string().describe('When they first got one of these roles'),
    removedAt: z.string().nullable(),
  })
  .meta({ id: 'StaffMember' });

export const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: memberRoleSchema,
    invitedBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'Invitation' });

export const addStaffBody = z.object({
  email: emailSchema,
  name: personNameSchema,
  role: staffRoleSchema,
  password: newPasswordSchema
    .optional()
    .describe(
      'An initial password for a NEW account, to add them now. Ignored for someone who already has a ' +
        'verified account (they are added with their own password); if the email has an account that ' +
        'was never verified, nothing is granted and an invitation is emailed instead (`invited`).',
    ),
});

export const addStaffResponse = z.discriminatedUnion('result', [
  z.object({ result: z.literal('added'), member: staffMemberSchema }),
  z
    .object({ result: z.literal('invited'), invitation: invitationSchema })
    .describe('An invitation link was emailed to the person (and only to them)'),
]);

export const invitationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.uuid().optional().describe('`nextCursor` of the previous page'),
});

export const invitationsPage = z.object({
  items: z.array(invitationSchema),
  nextCursor: z.string().nullable(),
});

export const acceptBody = z.object({
  token: z.string().max(2000),
  name: personNameSchema.optional().describe('Your name, for a new account (defaults to the invited name)'),
  password: newPasswordSchema.describe(
    'The password to sign in with from now on. If the email already has an account you use, that ' +
      'account’s existing password.',
  ),
});
