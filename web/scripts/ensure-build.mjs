// Builds the web app when its sources changed since the last build (or there is none), so
// `npm start` always serves the app of the checkout without a separate step. Takes a few seconds
// when it builds and a few milliseconds when it does not.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '..');
const stampFile = path.join(web, 'dist', '.source-hash');
// The app bundles the workspace packages it imports (packages/*) from their source, so they count too.
const inputs = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  '../package-lock.json',
  '../packages/time/src',
  '../packages/time/package.json',
];

function files(p) {
  const full = path.join(web, p);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [p];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => files(path.join(p, e.name)));
}

const hash = createHash('sha256');
for (const f of inputs.flatMap(files).sort())
  hash
    .update(f)
    .update('\0')
    .update(readFileSync(path.join(web, f)));
const digest = hash.digest('hex');

const built = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest;
if (!built) {
  console.log('building the web app…');
  const vite = path.join(
    path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
    'bin/vite.js',
  );
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
  });
  writeFileSync(stampFile, digest);
}
