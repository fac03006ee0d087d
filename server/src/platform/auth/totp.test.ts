import { describe, expect, it } from 'vitest';
import { base32Decode, codeFor, totpAt } from '../../test/totp.ts';
import {
  newAuthenticator,
  newRecoveryCodes,
  normalizeRecoveryCode,
  openSecret,
  RECOVERY_CODE_COUNT,
  sealSecret,
  totpStep,
} from './totp.ts';

describe('TOTP against an independent implementation (node:crypto)', () => {
  it('the independent implementation gives RFC 6238 appendix B (SHA-1, 8 digits)', () => {
    const key = Buffer.from('12345678901234567890', 'ascii');
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [t, code] of vectors) expect(totpAt(key, t, { digits: 8 })).toBe(code);
    // SHA-256 and SHA-512 rows too (their keys are the seed repeated to 32 and 64 bytes).
    const k256 = Buffer.from('12345678901234567890123456789012', 'ascii');
    const k512 = Buffer.from('1234567890'.repeat(6).concat('1234'), 'ascii');
    expect(totpAt(k256, 59, { digits: 8, algorithm: 'sha256' })).toBe('46119246');
    expect(totpAt(k512, 59, { digits: 8, algorithm: 'sha512' })).toBe('90693936');
  });

  it('accepts what an authenticator app shows now and one step either side, nothing further', () => {
    for (let i = 0; i < 20; i++) {
      const { secret, uri } = newAuthenticator('doctor@example.test');
      expect(base32Decode(secret)).toHaveLength(20);
      expect(uri).toMatch(/^otpauth:\/\/totp\/Cliniclick:doctor%40example\.test\?/);
      expect(uri).toContain(`secret=${secret}`);
      expect(uri).toContain('algorithm=SHA1');
      expect(uri).toContain('digits=6');
      expect(uri).toContain('period=30');
      const now = Date.UTC(2026, 11, 3, 12, 0, 0) + i * 7919;
      const step = Math.floor(now / 30000);
      expect(totpStep(secret, codeFor(secret, new Date(now)), now)).toBe(step);
      expect(totpStep(secret, codeFor(secret, new Date(now - 30000)), now)).toBe(step - 1);
      expect(totpStep(secret, codeFor(secret, new Date(now + 30000)), now)).toBe(step + 1);
      const far = codeFor(secret, new Date(now - 90000));
      const near = [-1, 0, 1].map((d) => codeFor(secret, new Date(now + d * 30000)));
      if (!near.includes(far)) expect(totpStep(secret, far, now)).toBeNull();
    }
  });

  it('takes only six digits as a code', () => {
    const { secret } = newAuthenticator('x@example.test');
    const now = Date.now();
    const code = codeFor(secret, new Date(now));
    for (const bad of ['', `${code}0`, code.slice(1), ` ${code}`, `${code.slice(0, 5)}a`, '１２３４５６']) {
      expect(totpStep(secret, bad, now)).toBeNull();
    }
  });

  it('seals the key to the account: the sealed bytes hide it, another account or secret cannot open it', () => {
    const { secret } = newAuthenticator('x@example.test');
    const sealed = sealSecret('app-secret-app-secret-app-secret', 'user-a', secret);
    expect(sealed.toString('latin1')).not.toContain(secret);
    expect(openSecret('app-secret-app-secret-app-secret', 'user-a', sealed)).toBe(secret);
    expect(() => openSecret('app-secret-app-secret-app-secret', 'user-b', sealed)).toThrow();
    expect(() => openSecret('another-secret-another-secret-xx', 'user-a', sealed)).toThrow();
  });

  it('makes ten distinct recovery codes that read back however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(normalizeRecoveryCode(c.toUpperCase().replace('-', ' '))).toBe(c.replace('-', ''));
    }
    expect(normalizeRecoveryCode('abcde-fghi')).toBeNull();
    expect(normalizeRecoveryCode('abcde-fghi0')).toBeNull(); // 0 is not in the alphabet
  });
});
