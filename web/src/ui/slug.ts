/**
 * A clinic's web address (`/c/{slug}`) suggested from its name: Latin letters kept (accents
 * dropped), Arabic transliterated, anything else left out, words joined by dashes. The server's
 * rule (clinics/schema.ts `slugSchema`): 1–40 of a–z, 0–9 and dashes, no dash at either end. The
 * few words the server reserves (admin, api, app…) and addresses already taken are its to refuse,
 * as when one is typed.
 */

// A plain, readable romanisation (no diacritics): long vowels written, short ones are not in the text.
const ARABIC: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ٱ: 'a',
  ء: '',
  ئ: 'e',
  ؤ: 'o',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: 'a',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'a',
  ى: 'a',
  پ: 'p',
  چ: 'ch',
  ڤ: 'v',
  گ: 'g',
  ی: 'y',
  ک: 'k',
};
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

function arabicWord(word: string): string {
  // The article: "الشفاء" → "al-shifa"-like; the dash keeps it readable.
  const article = word.length > 3 && word.startsWith('ال') ? 'al-' : '';
  const body = article ? word.slice(2) : word;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const prev = i > 0 ? body[i - 1] : undefined;
    if (ch === 'و') out += i === 0 || prev === 'ا' ? 'w' : 'u';
    else if (ch === 'ي') out += i === 0 || prev === 'ا' || body[i + 1] === 'ا' ? 'y' : 'i';
    else out += ARABIC[ch] ?? ch;
  }
  return article + out;
}

/** A short, stable tag of the name, for a name with nothing that spells a Latin address. */
function tagOf(name: string): string {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h.toString(36).slice(0, 5);
}

export function suggestSlug(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '';
  const words = trimmed
    .normalize('NFKD')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '') // Arabic short vowels, dagger alef, tatweel
    .replace(/\p{M}/gu, '')
    .replace(/[٠-٩]/g, (d) => String(ARABIC_DIGITS.indexOf(d)))
    .replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d)))
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/&/g, ' and ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (/[\u0600-\u06FF]/.test(w) ? arabicWord(w) : w))
    .map((w) => w.replace(/[^a-z0-9-]/g, ''))
    .filter(Boolean);
  let slug = words.join('-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (slug.length > 40) slug = slug.slice(0, 40).replace(/-[^-]*$/, '') || slug.slice(0, 40);
  slug = slug.replace(/-+$/, '');
  return slug || `clinic-${tagOf(trimmed)}`;
}

/** What the field keeps of what is typed into it: lower case, and a dash for anything else. */
export function cleanSlugInput(typed: string): string {
  return typed.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}
