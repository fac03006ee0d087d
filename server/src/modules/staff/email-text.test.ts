import { describe, expect, it } from 'vitest';
import { plainLine, QUOTED_TEXT_MAX, quoteUserText } from './email-text.ts';

describe('quoteUserText', () => {
  it('keeps an ordinary name as it is', () => {
    expect(quoteUserText('Dr. Ada Lane')).toBe('Dr. Ada Lane');
    expect(quoteUserText('  Zahra   Ahmadi ')).toBe('Zahra Ahmadi');
    expect(quoteUserText('مریم رضایی')).toBe('مریم رضایی');
  });

  it('leaves nothing a mail client would turn into a link', () => {
    for (const text of ['http://evil.example', 'see HTTPS://x.y/z', 'www.evil.example', 'bob@evil.example']) {
      const out = quoteUserText(text);
      expect(out, text).not.toMatch(/:\/\/|[\p{L}\p{N}]\.[\p{L}\p{N}]|@/u);
    }
    expect(quoteUserText('verify at http://evil.example now')).toBe('verify at evil . example now');
  });

  it('puts everything on one line and drops invisible and direction-changing characters', () => {
    expect(quoteUserText('Line one\r\nLine two\u2028three')).toBe('Line one Line two three');
    expect(quoteUserText('abc\u202edef\u200bghi\u0000')).toBe('abc def ghi');
  });

  it('cuts long text short', () => {
    const out = quoteUserText('x'.repeat(500));
    expect(out.length).toBe(QUOTED_TEXT_MAX);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('plainLine', () => {
  it('makes one line of a name, without control characters', () => {
    expect(plainLine('Harbour\nDental\u202e Clinic')).toBe('Harbour Dental Clinic');
    expect(plainLine('a'.repeat(300)).length).toBe(200);
  });
});
