import { z } from 'zod';
import { newPasswordSchema } from '../../platform/auth/password-policy.ts';
import { clinicParamsWith } from '../../platform/http/route-kit.ts';
import { singleLine } from '../../platform/http/text.ts';
import { doctorSetupSchema } from '../scheduling/index.ts';

export const staffRoleSchema = z.enum(['doctor', 'secretary']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

const memberRoleSchema = z.enum(['owner', 'doctor', 'secretary']);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const emailSchema = z.email().max(320);
export const personNameSchema = singleLine({ max: 200 });

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
    twoStep: z.boolean().describe('Signs in with a second factor (an authenticator app)'),
  })
  .meta({ id: 'StaffMember' });

export const signInPolicySchema = z
  .object({
    staffMfaRequired: z
      .boolean()
      .describe('Staff must sign in with two-step sign-in (an authenticator app) to use this clinic'),
  })
  .meta({ id: 'StaffSignInPolicy' });

/**
 * A pending invitation as its clinic sees it: the address, not a name. Who the person is (their
 * account's name) is shown only once they accept and join the staff list.
 */
export const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: memberRoleSchema,
    invitedBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
    doctorSetup: doctorSetupSchema
      .nullable()
      .describe('For a doctor: the set-up applied when they accept (profile, services, weekly hours)'),
  })
  .meta({ id: 'Invitation' });

export const addStaffBody = z
  .object({
    email: emailSchema,
    name: personNameSchema.describe(
      'How the invitation email addresses them, and the name a NEW account starts with (an existing ' +
        'account keeps its own)',
    ),
    role: staffRoleSchema,
    password: z
      .never({
        error:
          'adding staff takes no password: the person chooses theirs when they accept the emailed invitation',
      })
      .optional()
      .describe('Not accepted: staff join only through the emailed invitation'),
    doctorSetup: doctorSetupSchema
      .optional()
      .describe(
        'Only with role doctor: their profile, services and weekly hours, applied when they accept ' +
          '(their records can exist only from then); checked now against the clinic’s services and rooms',
      ),
  })
  .refine((b) => b.doctorSetup === undefined || b.role === 'doctor', {
    message: 'a set-up goes only with an invitation to a doctor',
    path: ['doctorSetup'],
  });

export const addStaffResponse = z
  .object({ result: z.literal('invited'), invitation: invitationSchema })
  .describe(
    'An invitation link was emailed to the person (and only to them); they join once they accept it. ' +
      'The same answer whether or not the email already has an account.',
  );

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
