import type { ClinicRole } from '../db/schema.ts';

/** Who a request is: the session and its user. */
export interface Authenticated {
  sessionId: string;
  expiresAt: Date;
  /** The session passed the second factor (TOTP or a recovery code) at sign-in or enrolment. */
  mfa: boolean;
  user: { id: string; name: string; locale: string | null; platformRole: 'admin' | null };
}

/** The caller's active roles in the clinic named by the request, with the clinic's facts. */
export interface ClinicMembership {
  id: string;
  slug: string;
  status: 'active' | 'suspended';
  timeZone: string;
  currency: string;
  /** The owner requires the clinic's staff to sign in with a second factor. */
  staffMfaRequired: boolean;
  roles: ClinicRole[];
}
