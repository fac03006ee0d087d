import { describe, expect, it } from 'vitest';
import { commonPasswords, isCommonPassword, SortedList } from './common-passwords.ts';
import { assertPasswordAllowed, passwordProblem } from './password-policy.ts';

const owner = { email: 'olivia.hartley@clinic.test', name: 'Olivia Hartley' };

describe('password policy', () => {
  it('refuses the passwords the outside test got accepted, in any case', () => {
    for (const p of ['1234567890', 'password12', 'qwertyuiop', 'QwertyUIOP', 'PASSWORD12']) {
      expect(passwordProblem(p, owner)).toBe('password_too_common');
    }
  });

  it('refuses other common and breached passwords of an allowed length', () => {
    for (const p of ['iloveyou123', 'football123', '1q2w3e4r5t', 'aaaaaaaaaa', 'abababababab']) {
      expect(passwordProblem(p, owner)).toBe('password_too_common');
    }
  });

  it('refuses the person’s own email and name, in any case, inside the password too', () => {
    for (const p of ['olivia.hartley!!', 'my-name-is-OLIVIA-7', 'hartley-2024-xyz', 'xx-olivia.hartley-xx']) {
      expect(passwordProblem(p, owner)).toBe('password_contains_personal_info');
    }
    // Parts shorter than four characters are too common inside other words to hold against anyone.
    expect(passwordProblem('pepper-anna-bolt', { email: 'al@x.test', name: 'Al Bo' })).toBeNull();
  });

  it('takes long passphrases and any characters, counting characters rather than bytes', () => {
    expect(passwordProblem('correct horse battery staple', owner)).toBeNull();
    expect(passwordProblem('كلمة سر طويلة جدا', owner)).toBeNull();
    expect(passwordProblem('🦄🐙🦊🐝🦉🐢🦋🐬🦜🐸', owner)).toBeNull(); // ten emoji: ten characters
    expect(passwordProblem('🦄🐙🦊🐝🦉', owner)).toBe('password_too_short'); // ten UTF-16 units, five characters
    expect(passwordProblem('x'.repeat(50) + 'y'.repeat(50) + 'z'.repeat(924), owner)).toBeNull(); // 1024
    expect(passwordProblem('short-pw', owner)).toBe('password_too_short');
  });

  it('answers a 400 with a stable code and the field to show it under', () => {
    expect(() => assertPasswordAllowed('password12', owner, 'newPassword')).toThrowError(
      expect.objectContaining({
        status: 400,
        code: 'password_too_common',
        extra: { errors: [{ field: 'newPassword', message: expect.any(String) }] },
      }),
    );
  });
});

describe('the shipped list', () => {
  it('is large, sorted the way the search expects, and found by binary search', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(80_000);
    expect(isCommonPassword('dragon')).toBe(true);
    expect(isCommonPassword('zzz-not-a-common-password-zzz')).toBe(false);
  });

  it('finds every entry of a small list and nothing else', () => {
    const words = ['', 'a', 'ab', 'b', 'zz', 'é'].filter(Boolean).sort();
    const list = new SortedList(words.join('\n'));
    for (const w of words) expect(list.has(w)).toBe(true);
    for (const w of ['', 'aa', 'c', 'zzz', 'e']) expect(list.has(w)).toBe(false);
  });
});
