import { describe, expect, it } from 'vitest';
import { fractionDigits, fromMinor, toMinor } from './money';

describe('prices typed as money, sent in minor units', () => {
  it('each currency has its own number of decimals', () => {
    expect(fractionDigits('USD')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('KWD')).toBe(3);
  });

  it('typed amounts become whole minor units, without float dust', () => {
    expect(toMinor(19.99, 'USD')).toBe(1999);
    expect(toMinor(0.1 + 0.2, 'USD')).toBe(30);
    expect(toMinor(1.005, 'KWD')).toBe(1005);
    expect(toMinor(1500, 'JPY')).toBe(1500);
    expect(toMinor(0, 'AED')).toBe(0);
  });

  it('minor units read back as the typed amount', () => {
    expect(fromMinor(1999, 'USD')).toBe(19.99);
    expect(fromMinor(1005, 'KWD')).toBe(1.005);
    expect(fromMinor(1500, 'JPY')).toBe(1500);
    for (let cents = 0; cents < 10_000; cents += 37)
      expect(toMinor(fromMinor(cents, 'USD'), 'USD')).toBe(cents);
  });
});
