// Fails when the web app shows text that does not come from the dictionaries:
//  - letters written straight into JSX (<b>Save</b>) or into a text prop (label="Save");
//  - a key missing from, or extra in, one language (TypeScript checks this too);
//  - a translation whose {placeholders} differ from the English one.
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

/** key → text of a dictionary file (an object literal of string properties). */
function dictionary(name) {
  const file = path.join(src, 'i18n', name);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const entries = new Map();
  const visit = (node) => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isStringLiteralLike(node.name) &&
      ts.isStringLiteralLike(node.initializer)
    )
      entries.set(node.name.text, node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return entries;
}

// Dictionaries come in pairs: en.ts / ar.ts for the shell, <feature>.en.ts / <feature>.ar.ts.
const i18nFiles = readdirSync(path.join(src, 'i18n'));
const englishFiles = i18nFiles.filter((f) => f === 'en.ts' || f.endsWith('.en.ts'));
const placeholders = (s) =>
  [...s.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
const seen = new Map();
let keys = 0;
for (const enFile of englishFiles) {
  const en = dictionary(enFile);
  keys += en.size;
  for (const key of en.keys()) {
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
      if (!en.has(key)) problems.push(`i18n/${otherFile}: "${key}" is not in ${enFile}`);
      else if (placeholders(value) !== placeholders(en.get(key)))
        problems.push(
          `i18n/${otherFile}: "${key}" has placeholders {${placeholders(value)}}, English has {${placeholders(en.get(key))}}`,
        );
    }
  }
}

if (problems.length) {
  console.error(`${problems.length} untranslated or inconsistent strings:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`i18n: ${keys} keys, every one in every language; no text outside the dictionaries`);
