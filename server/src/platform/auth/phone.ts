import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { badRequest } from '../http/errors.ts';

/** E.164 (`+15555550100`) from what a person types; international format with `+` required. */
export function normalizePhone(input: string): string {
  const trimmed = input.trim();
  const parsed =
    trimmed.startsWith('+') || trimmed.startsWith('00')
      ? parsePhoneNumberFromString(trimmed.replace(/^00/, '+'))
      : undefined;
  if (!parsed?.isPossible()) {
    throw badRequest('invalid_phone', 'Enter the phone number with its country code, e.g. +1 555 555 0100', {
      errors: [{ field: 'phone', message: 'Not a valid international phone number' }],
    });
  }
  return parsed.number;
}
