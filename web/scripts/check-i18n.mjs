// Fails when the web app shows text that does not come from the dictionaries:
//  - letters written straight into JSX (<b>Save</b>) or into a text prop (label="Save");
//  - a key missing from, or extra in, one language (TypeScript checks this too);
//  - a translation whose {placeholders} differ from the English one;
//  - a plural message (an object of forms, see src/i18n/plural.ts) without exactly the forms its
//    language has by Intl.PluralRules (English: one, other; Arabic: zero, one, two, few, many,
//    other), or whose `other` form does not show {count}.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const src = path.resolve(import.meta.dirname, '../src');
const TEXT_PROPS = new Set(['label', 'placeholder', 'title', 'aria-label', 'alt', 'description', 'error']);
const LETTERS = /\p{L}/u;
const problems = [];

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

for (const file of walk(src).filter((f) => f.endsWith('.tsx'))) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const where = (node) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
    return `${path.relative(process.cwd(), file)}:${line + 1}`;
  };
  const visit = (node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text))
      problems.push(`${where(node)}: text "${node.text.trim()}" in JSX`);
    if (ts.isJsxAttribute(node) && TEXT_PROPS.has(node.name.getText()) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init)
        ? init
        : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
          ? init.expression
          : null;
      if (literal && LETTERS.test(literal.text))
        problems.push(`${where(node)}: ${node.name.getText()}="${literal.text}" is not translated`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

/**
 * key → text of a dictionary file (an object literal of string properties), or key → Map of
 * form → text for a plural message (`'key': { one: '…', other: '…' }`).
 */
function dictionary(name) {
  const file = path.join(src, 'i18n', name);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const entries = new Map();
  const visit = (node) => {
    if (ts.isPropertyAssignment(node) && ts.isStringLiteralLike(node.name)) {
      const init = node.initializer;
      if (ts.isStringLiteralLike(init)) entries.set(node.name.text, init.text);
      else if (ts.isObjectLiteralExpression(init)) {
        const forms = new Map();
        for (const p of init.properties) {
          if (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer))
            forms.set(p.name.getText(sf).replace(/^['"]|['"]$/g, ''), p.initializer.text);
          else problems.push(`i18n/${name}: "${node.name.text}" has a form that is not a plain string`);
        }
        entries.set(node.name.text, forms);
      } else problems.push(`i18n/${name}: "${node.name.text}" is neither a string nor plural forms`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return entries;
}

const INTL_TAG = { en: 'en-US', ar: 'ar' };
const pluralForms = (lang) =>
  new Intl.PluralRules(INTL_TAG[lang]).resolvedOptions().pluralCategories.slice().sort().join(',');

/** A plural message must have exactly its language's forms, and show the count in `other`. */
function checkPlural(file, lang, key, forms) {
  const got = [...forms.keys()].sort().join(',');
  if (got !== pluralForms(lang))
    problems.push(`i18n/${file}: "${key}" has plural forms {${got}}, ${lang} needs {${pluralForms(lang)}}`);
  if (!forms.get('other')?.includes('{count}'))
    problems.push(`i18n/${file}: "${key}" must show {count} in its "other" form`);
}

// Dictionaries come in pairs: en.ts / ar.ts for the shell, <feature>.en.ts / <feature>.ar.ts.
const i18nFiles = readdirSync(path.join(src, 'i18n'));
const englishFiles = i18nFiles.filter((f) => f === 'en.ts' || f.endsWith('.en.ts'));
const placeholders = (s) =>
  [...s.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
/**
 * The {placeholders} a message fills in. A plural message's forms may leave out {count} ("one
 * visit", Arabic's dual) but must agree on every other placeholder.
 */
function placeholdersOf(file, key, message) {
  if (typeof message === 'string') return placeholders(message);
  const sets = new Set([...message.values()].map((text) => placeholders(text.replaceAll('{count}', ''))));
  if (sets.size > 1) problems.push(`i18n/${file}: "${key}" has forms with different placeholders`);
  return [...new Set([...(sets.values().next().value?.split(',') ?? []), 'count'])]
    .filter(Boolean)
    .sort()
    .join(',');
}
const seen = new Map();
let keys = 0;
let plurals = 0;
for (const enFile of englishFiles) {
  const en = dictionary(enFile);
  keys += en.size;
  plurals += [...en.values()].filter((m) => typeof m !== 'string').length;
  for (const [key, message] of en) {
    if (typeof message !== 'string') checkPlural(enFile, 'en', key, message);
    if (seen.has(key)) problems.push(`i18n/${enFile}: "${key}" is also in ${seen.get(key)}`);
    seen.set(key, enFile);
  }
  for (const lang of ['ar']) {
    const otherFile = enFile === 'en.ts' ? `${lang}.ts` : enFile.replace(/\.en\.ts$/, `.${lang}.ts`);
    if (!i18nFiles.includes(otherFile)) {
      problems.push(`i18n/${otherFile} is missing (the ${lang} half of ${enFile})`);
      continue;
    }
    const other = dictionary(otherFile);
    for (const key of en.keys()) if (!other.has(key)) problems.push(`i18n/${otherFile}: missing "${key}"`);
    for (const [key, value] of other) {
      const english = en.get(key);
      if (english === undefined) {
        problems.push(`i18n/${otherFile}: "${key}" is not in ${enFile}`);
        continue;
      }
      if (typeof value !== typeof english) {
        problems.push(
          `i18n/${otherFile}: "${key}" is ${typeof english === 'string' ? 'plain' : 'plural'} in English but not here`,
        );
        continue;
      }
      if (typeof value !== 'string') checkPlural(otherFile, lang, key, value);
      const mine = placeholdersOf(otherFile, key, value);
      const theirs = placeholdersOf(enFile, key, english);
      if (mine !== theirs)
        problems.push(`i18n/${otherFile}: "${key}" has placeholders {${mine}}, English has {${theirs}}`);
    }
  }
}

if (problems.length) {
  console.error(`${problems.length} untranslated or inconsistent strings:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `i18n: ${keys} keys (${plurals} plural), every one in every language with its plural forms; no text outside the dictionaries`,
);
