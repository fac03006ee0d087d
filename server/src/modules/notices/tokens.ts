import { createHash, randomBytes } from 'node:crypto';

/** A self-service link's secret: 256 random bits, URL-safe. Shown once, in the message. */
export function newVisitToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up: the token's SHA-256 (a database leak gives no working link). */
export function hashVisitToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A token as newVisitToken makes it (43 base64url characters); anything else is not looked up. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
