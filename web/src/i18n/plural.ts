/**
 * Messages that depend on a count ("1 booked visit", "2 booked visits"). A plural message is an
 * object with one text per plural form of the language, chosen by `Intl.PluralRules`: English
 * has `one` and `other`; Arabic has `zero`, `one`, `two`, `few` (3–10), `many` (11–99) and
 * `other` (100, 101…). `npm run i18n:check -w web` and TypeScript both insist on every form a
 * language has, so a translator cannot forget Arabic's dual.
 */
export type Locale = 'en' | 'ar';

/** The plural forms each language needs, as `Intl.PluralRules(…).resolvedOptions()` lists them. */
export const PLURAL_FORMS = {
  en: ['one', 'other'],
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
} as const satisfies Record<Locale, readonly Intl.LDMLPluralRule[]>;

/** A plural message in one language: a text for each of its forms. */
export type Plural<L extends Locale> = Record<(typeof PLURAL_FORMS)[L][number], string>;

/** A text, or the forms of a plural message (any language's). */
export type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;

/**
 * A language's half of a dictionary whose English half is `E`: the same keys, a string where
 * English has a string, and every plural form of that language where English has a plural.
 */
export type Translation<E, L extends Locale> = {
  [K in keyof E]: E[K] extends string ? string : Plural<L>;
};

/** The BCP 47 tag Intl uses for a locale (the same ones `format.ts` uses for numbers). */
// Arabic words with Latin digits: why, in format.ts. Every Intl call of the app uses these tags.
export const INTL_TAG: Record<Locale, string> = { en: 'en-US', ar: 'ar-u-nu-latn' };

const rules = new Map<Locale, Intl.PluralRules>();

/** Which plural form a count takes in a language (1 → `one`, 2 → `two` in Arabic, `other` in English). */
export function pluralForm(locale: Locale, count: number): Intl.LDMLPluralRule {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(INTL_TAG[locale]);
    rules.set(locale, r);
  }
  return r.select(count);
}

/** The text of a plural message for a count; `other` if a form is missing (it never is, the checker sees to it). */
export function pluralText(
  locale: Locale,
  forms: Partial<Record<Intl.LDMLPluralRule, string>>,
  count: number,
): string {
  return forms[pluralForm(locale, count)] ?? forms.other ?? '';
}

const numbers = new Map<Locale, Intl.NumberFormat>();

/**
 * A message's text for a locale with its `{placeholders}` filled in. A plural message picks its
 * form by `values.count` (a number), and `{count}` is written in the locale's digits.
 */
export function renderMessage(
  locale: Locale,
  message: Message,
  values?: Record<string, string | number>,
): string {
  let text: string;
  let filled = values;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(values?.count ?? 0);
    text = pluralText(locale, message, count);
    let nf = numbers.get(locale);
    if (!nf) {
      nf = new Intl.NumberFormat(INTL_TAG[locale]);
      numbers.set(locale, nf);
    }
    filled = { ...values, count: nf.format(count) };
  }
  return filled ? text.replace(/\{(\w+)\}/g, (m, k: string) => String(filled[k] ?? m)) : text;
}
