import { randomBytes } from 'node:crypto';
import { hmac } from '../../platform/auth/crypto.ts';

/**
 * The queue's secrets. Tokens in links carry their clinic's id in the clear (16 bytes, then the
 * secret part), because a public link names no clinic and tenant rows are only read inside the
 * clinic's transaction; the secret part is what is checked (stored hashed).
 *
 * - an appointment's check-in code (the QR the patient shows): derived, so nothing is stored;
 * - the desk code of a clinic's day (4 digits on the TV, for self check-in; attempts are limited);
 * - a ticket's token: derived from the entry, so the patient's links can be shown again;
 * - a display's token: random, shown once.
 */

/** Base32 without I, L, O, U: read aloud or typed from a screen without mix-ups. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Buffer, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
  }
  return out;
}

/** The appointment's check-in code: 10 characters (50 bits), the same every time it is shown. */
export function checkInCodeOf(secret: string, clinicId: string, appointmentId: string): string {
  return base32(hmac(secret, `queue.check-in:${clinicId}:${appointmentId}`), 10);
}

/** A code as typed (spaces, dashes, lower case, O for 0…) in the one form codes are compared in. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** The desk's code of a clinic's day: 4 digits, unguessable without the app secret. */
export function deskCodeOf(secret: string, clinicId: string, day: string): string {
  return String(hmac(secret, `queue.desk:${clinicId}:${day}`).readUInt32BE(0) % 10_000).padStart(4, '0');
}

function clinicBytes(clinicId: string): Buffer {
  return Buffer.from(clinicId.replace(/-/g, ''), 'hex');
}

/** The ticket page's token of an entry (the clinic, then 24 bytes of HMAC). */
export function ticketTokenOf(secret: string, clinicId: string, entryId: string): string {
  const mac = hmac(secret, `queue.ticket:${clinicId}:${entryId}`).subarray(0, 24);
  return Buffer.concat([clinicBytes(clinicId), mac]).toString('base64url');
}

/** A new display's token (the clinic, then 24 random bytes: 192 bits). */
export function newDisplayToken(clinicId: string): string {
  return Buffer.concat([clinicBytes(clinicId), randomBytes(24)]).toString('base64url');
}

/** The clinic a token names, or null for anything that is not one of ours. */
export function clinicOfToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{40,80}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 40) return null;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const ticketUrlOf = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/$/, '')}/app/ticket/${token}`;
export const displayUrlOf = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/$/, '')}/app/display/${token}`;
export const checkInPageOf = (publicUrl: string, slug: string) =>
  `${publicUrl.replace(/\/$/, '')}/c/${slug}/check-in`;

/**
 * The demo's waiting-room screen: derived (the demo has no one to show a new token to), so the
 * start-up banner can print its address. Unguessable without the app secret, like any token.
 */
export function demoDisplayToken(secret: string, clinicId: string): string {
  const mac = hmac(secret, `queue.demo-display:${clinicId}`).subarray(0, 24);
  return Buffer.concat([clinicBytes(clinicId), mac]).toString('base64url');
}
