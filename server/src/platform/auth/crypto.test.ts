import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_HASH_PARAMS, setPasswordHashParams, verifyPassword } from './crypto.ts';

describe('password hashing', () => {
  afterEach(() => setPasswordHashParams({ algorithm: 2, memoryCost: 256, timeCost: 1, parallelism: 1 }));

  it('stores argon2id at OWASP’s floor (19 MiB, 2 passes, 1 lane), salted, and verifies only the password', async () => {
    setPasswordHashParams(PASSWORD_HASH_PARAMS);
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(a, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
