import { describe, expect, it } from 'vitest';
import { multiLine, refusedCharacter, singleLine } from './text.ts';

describe('text rule', () => {
  it('refuses every control, direction and invisible character it lists, in both kinds of field', () => {
    const refused = [
      0x00, 0x07, 0x0b, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x180e, 0x200b, 0x2028, 0x2029, 0x202a,
      0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206a, 0x206f, 0xfeff,
      0xfff9, 0xfffb, 0xd800, 0xdfff,
    ];
    for (const cp of refused) {
      const text = `a${String.fromCharCode(cp)}b`;
      const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(refusedCharacter(text, false), name).toBe(name);
      expect(refusedCharacter(text, true), name).toBe(name);
    }
  });

  it('keeps what Arabic, Persian and emoji need, and tabs and newlines only in multi-line text', () => {
    for (const ok of ['\u200c', '\u200d', '\u200e', '\u200f', '\u061c', 'é', '👩‍⚕️', 'ـ', '\u00a0']) {
      expect(refusedCharacter(`a${ok}b`, false), JSON.stringify(ok)).toBeNull();
    }
    expect(refusedCharacter('a\nb\tc', true)).toBeNull();
    expect(refusedCharacter('a\nb', false)).toBe('U+000A');
    expect(refusedCharacter('a\tb', false)).toBe('U+0009');
  });

  it('normalises before measuring: NFC, trimmed, CRLF to LF', () => {
    expect(singleLine({ max: 5 }).parse('  Rene\u0301e ')).toBe('Ren\u00e9e');
    expect(multiLine({ max: 20 }).parse('one\r\ntwo\rthree\n')).toBe('one\ntwo\nthree');
    expect(singleLine({ max: 5 }).safeParse('   ').success).toBe(false);
    const bad = singleLine({ max: 3 }).safeParse('Bidi \u202egnp.exe\u0007');
    expect(bad.error?.issues).toEqual([expect.objectContaining({ params: { code: 'invalid_text' } })]);
  });
});
