import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';
import { hashPassword, verifyPassword } from './crypto.ts';

/**
 * TOTP as RFC 6238 and every authenticator app speak it: SHA-1, 6 digits, 30-second steps, a
 * 160-bit random key. A code is accepted for the current step and one step either side (clocks
 * drift), and a step is never accepted twice for one account (platform/auth/mfa.ts keeps the last).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'Cliniclick';
const SECRET_BYTES = 20;

function totpFor(secretBase32: string, label = ''): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

export interface NewAuthenticator {
  /** Base32, as authenticator apps take it typed in. */
  secret: string;
  /** `otpauth://totp/Cliniclick:<email>?secret=…&issuer=Cliniclick&…` */
  uri: string;
  /** The URI as a QR code: an SVG document (no script, no external reference). */
  qrSvg: string;
}

export function newAuthenticator(accountLabel: string): NewAuthenticator {
  const secret = new Secret({ size: SECRET_BYTES }).base32;
  const uri = totpFor(secret, accountLabel).toString();
  return { secret, uri, qrSvg: renderSVG(uri, { ecc: 'M', border: 2 }) };
}

/**
 * The time step `code` is valid for at `nowMs` (within the window), or null. Only 6 digits are
 * looked at; anything else is simply not a code.
 */
export function totpStep(secretBase32: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: nowMs, window: TOTP_WINDOW });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

// ── The key at rest ────────────────────────────────────────────────────────────────────────────
// Sealed with AES-256-GCM under a key derived from APP_SECRET, bound to the account (associated
// data), so a database dump alone gives no one a working authenticator, and a sealed key copied
// to another account's row does not open.

function sealingKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'cliniclick', 'mfa totp secret v1', 32));
}

export function sealSecret(appSecret: string, userId: string, secretBase32: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(appSecret), iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openSecret(appSecret: string, userId: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(appSecret), sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

// ── Recovery codes ─────────────────────────────────────────────────────────────────────────────

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: read off paper without doubt. 31 symbols × 10 ≈ 49.5 bits per code. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_LENGTH = 10;

/** `xxxxx-xxxxx`, shown once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let s = '';
    for (let i = 0; i < RECOVERY_LENGTH; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** What was typed, as stored: lower case, spaces and dashes dropped; null when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const s = input.toLowerCase().replace(/[\s-]/g, '');
  return s.length === RECOVERY_LENGTH && [...s].every((c) => RECOVERY_ALPHABET.includes(c)) ? s : null;
}

/**
 * Stored form: argon2id, salted, as a password is (about 50 bits of entropy each: a plain or keyed
 * hash would let a database copy be searched offline; ASVS 5.0 V6.5.2).
 */
export function hashRecoveryCode(normalized: string): Promise<string> {
  return hashPassword(normalized);
}

/** Which of `stored` (id and hash) the typed code is, if any. Each comparison costs an argon2 verify. */
export async function matchRecoveryCode(
  stored: Array<{ id: string; hash: string }>,
  typed: string,
): Promise<string | null> {
  const normalized = normalizeRecoveryCode(typed);
  if (!normalized) return null;
  for (const s of stored) if (await verifyPassword(s.hash, normalized)) return s.id;
  return null;
}
