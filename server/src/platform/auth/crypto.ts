import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** 256 bits of randomness, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function hmac(secret: string, value: string): Buffer {
  return createHmac('sha256', secret).update(value).digest();
}

export function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane. What every stored password is hashed with. */
export const PASSWORD_HASH_PARAMS = {
  algorithm: 2 as const /* Algorithm.Argon2id: an ambient const enum */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

type HashParams = Pick<typeof PASSWORD_HASH_PARAMS, 'algorithm'> & {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
};

let argon: HashParams = PASSWORD_HASH_PARAMS;
let dummyHash: Promise<string> | undefined;

/**
 * Test suites only (server/src/test/setup.ts): cheaper argon2id parameters, so thousands of
 * sign-ins do not cost minutes of CPU. A hash carries its parameters, so verification follows.
 * Nothing in the server calls it; a test checks that a booted server stores production hashes.
 */
export function setPasswordHashParams(params: HashParams): void {
  argon = params;
  dummyHash = undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon);
}

/**
 * Verifies against `stored`, or against a throw-away hash when there is none, so a login for an
 * unknown email costs the same time as one for a known email.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash('not-a-real-password', argon);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
