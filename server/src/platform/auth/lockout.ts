import { AppError } from '../http/errors.ts';

/** The sign-in lockout and limits, shared by the password and the second-factor steps. */

/** After this many wrong passwords for one email within the window, the email is locked for the rest of it. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_SECONDS = 15 * 60;
/** Sign-in attempts (passwords and second-factor codes) from one address per window. */
export const LOGIN_PER_IP = { max: 50, windowSeconds: 15 * 60 };

export const lockedOut = (retryAfter: number) =>
  new AppError(429, 'account_locked', 'Too many wrong passwords; try again in a few minutes', { retryAfter });
