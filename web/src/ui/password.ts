import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n';
import type { I18nForm } from './form';

/** Why the server refused a chosen password (server/src/platform/auth/password-policy.ts). */
const PASSWORD_CODES = new Set([
  'password_too_short',
  'password_too_common',
  'password_contains_personal_info',
]);

/**
 * Puts a refusal of the server's under the field it is about (the new password, or the current
 * one when it was wrong), in the current language. Answers false for any other error, which
 * the form shows as usual (FormError).
 */
export function showPasswordError<V extends object>(
  form: I18nForm<V>,
  error: unknown,
  fields: { newPassword: keyof V & string; currentPassword?: keyof V & string },
): boolean {
  if (!(error instanceof ApiError)) return false;
  const field = PASSWORD_CODES.has(error.code)
    ? fields.newPassword
    : error.code === 'wrong_password'
      ? fields.currentPassword
      : undefined;
  if (!field) return false;
  form.form.setFieldError(field, `errors.${error.code}` as MessageKey);
  return true;
}
