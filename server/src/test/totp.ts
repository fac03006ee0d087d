import { createHmac } from 'node:crypto';

/**
 * TOTP written out from RFC 4226 §5.3 and RFC 6238 §4 with node:crypto only, so tests check the
 * server's codes (otpauth) against an implementation that shares nothing with it.
 */
export function hotp(key: Buffer, counter: bigint, digits = 6, algorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(bin).padStart(digits, '0');
}

export function totpAt(key: Buffer, unixSeconds: number, opts: { digits?: number; algorithm?: string } = {}) {
  return hotp(key, BigInt(Math.floor(unixSeconds / 30)), opts.digits ?? 6, opts.algorithm ?? 'sha1');
}

/** RFC 4648 base32 (no padding needed), as authenticator apps read the key. */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The code an authenticator app holding `secretBase32` shows at `at`. */
export function codeFor(secretBase32: string, at: Date): string {
  return totpAt(base32Decode(secretBase32), at.getTime() / 1000);
}
