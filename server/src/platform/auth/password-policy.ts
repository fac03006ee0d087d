import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import { isCommonPassword } from './common-passwords.ts';

/**
 * The one rule for every password a person chooses (ASVS 5.0 V6.2, NIST SP 800-63B): long
 * enough, not on the list of common and breached passwords, not made of the person's own email
 * or name. No composition rules; any character, spaces and emoji included; long passphrases
 * welcome. Lengths count characters (Unicode code points), not bytes.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;
/** Name and email parts shorter than this are too common inside other words to refuse. */
const PERSONAL_MIN_LENGTH = 4;

export type PasswordProblem =
  | 'password_too_short'
  | 'password_too_common'
  | 'password_contains_personal_info';

const MESSAGES: Record<PasswordProblem, string> = {
  password_too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
  password_too_common:
    'This password is one of the most common or leaked ones and is easy to guess; choose another',
  password_contains_personal_info: 'Do not use your name or email address in your password',
};

/**
 * What a password field takes at the edge: any text up to the maximum. What makes a password
 * good enough is decided by `passwordProblem`, which knows whose it is and answers a stable code.
 */
export const newPasswordSchema = z
  .string()
  .max(PASSWORD_MAX_LENGTH)
  .describe(
    `At least ${PASSWORD_MIN_LENGTH} characters, any characters. Refused (400) when common or ` +
      'breached (`password_too_common`) or containing the person’s name or email ' +
      '(`password_contains_personal_info`).',
  );

export interface PasswordOwner {
  email?: string | null | undefined;
  name?: string | null | undefined;
}

const fold = (s: string) => s.normalize('NFC').toLowerCase();

/** The words of an email's local part and of a name, long enough to matter, lower-cased. */
function personalWords({ email, name }: PasswordOwner): string[] {
  const words = new Set<string>();
  const local = email ? fold(email).split('@')[0]! : '';
  words.add(local);
  for (const w of `${local} ${fold(name ?? '')}`.split(/[^\p{L}\p{N}]+/u)) words.add(w);
  return [...words].filter((w) => [...w].length >= PERSONAL_MIN_LENGTH);
}

/** Why this password may not be chosen by this person, or null when it may. */
export function passwordProblem(password: string, owner: PasswordOwner): PasswordProblem | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  // One or two characters repeated ("aaaaaaaaaa", "ababababab") is as guessable as a listed one.
  if (new Set(chars).size <= 2 || isCommonPassword(password)) return 'password_too_common';
  const folded = fold(password);
  if (personalWords(owner).some((w) => folded.includes(w))) return 'password_contains_personal_info';
  return null;
}

/** Throws a 400 with the problem's code, naming `field` so a form can show it under the input. */
export function assertPasswordAllowed(password: string, owner: PasswordOwner, field = 'password'): void {
  const problem = passwordProblem(password, owner);
  if (problem) {
    throw new AppError(400, problem, MESSAGES[problem], { errors: [{ field, message: MESSAGES[problem] }] });
  }
}
