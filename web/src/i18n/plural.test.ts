import { describe, expect, it } from 'vitest';
import { ar } from './ar';
import { en } from './en';
import { PLURAL_FORMS, pluralForm, renderMessage } from './plural';

describe('plural forms', () => {
  it('English says one for 1 and other for everything else', () => {
    expect([0, 1, 2, 5, 11, 100].map((n) => pluralForm('en', n))).toEqual([
      'other',
      'one',
      'other',
      'other',
      'other',
      'other',
    ]);
  });

  it('Arabic has six: zero, one, two, few (3–10), many (11–99), other (100–102…)', () => {
    const cases: Array<[number, string]> = [
      [0, 'zero'],
      [1, 'one'],
      [2, 'two'],
      [3, 'few'],
      [10, 'few'],
      [11, 'many'],
      [99, 'many'],
      [100, 'other'],
      [102, 'other'],
      [103, 'few'],
      [111, 'many'],
    ];
    for (const [n, form] of cases) expect(pluralForm('ar', n), String(n)).toBe(form);
  });

  it('lists exactly the forms Intl knows for each language', () => {
    for (const [lang, tag] of [
      ['en', 'en-US'],
      ['ar', 'ar'],
    ] as const)
      expect([...PLURAL_FORMS[lang]].sort()).toEqual(
        [...new Intl.PluralRules(tag).resolvedOptions().pluralCategories].sort(),
      );
  });
});

describe('plural messages', () => {
  it('"1 booked visit", "2 booked visits" in English', () => {
    expect(renderMessage('en', en['series.booked'], { count: 1 })).toBe('Booked: 1 visit.');
    expect(renderMessage('en', en['series.booked'], { count: 2 })).toBe('Booked: 2 visits.');
    expect(renderMessage('en', en['hours.orphansTitle'], { count: 1 })).toBe(
      'The new hours leave 1 booked visit outside work time',
    );
  });

  it('Arabic picks the dual for 2 and the counted forms after it', () => {
    expect(renderMessage('ar', ar['series.booked'], { count: 1 })).toBe('تم حجز زيارة واحدة.');
    expect(renderMessage('ar', ar['series.booked'], { count: 2 })).toBe('تم حجز زيارتين.');
    expect(renderMessage('ar', ar['series.booked'], { count: 3 })).toContain('زيارات');
    expect(renderMessage('ar', ar['series.booked'], { count: 11 })).toContain('زيارة.');
  });

  it('fills the other placeholders and writes the count as a number of the language', () => {
    expect(renderMessage('en', en['offer.summary'], { count: 1234, price: '$90.00' })).toBe(
      '1,234 min · $90.00',
    );
    const arabic = renderMessage('ar', ar['setup.minutes'], { count: 45 });
    expect(arabic).toContain(new Intl.NumberFormat('ar').format(45));
  });

  it('leaves plain messages as they were', () => {
    expect(renderMessage('en', 'Hello {name}', { name: 'Rita' })).toBe('Hello Rita');
    expect(renderMessage('en', 'Hello {name}')).toBe('Hello {name}');
  });
});
