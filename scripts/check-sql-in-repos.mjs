// A module's SQL lives in its repository files: services, routes and the rest reach the
// database only through them (docs/ARCHITECTURE.md, "Modules"). Imports are checked by
// dependency-cruiser; this catches what an import rule cannot see: a query built on `tx.db`,
// the owner connection, or an `sql` template outside a repository file.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../server/src/modules');
const isRepository = (file) =>
  /(^|[/-])repo\.ts$|\/tables\.ts$|\/migrations\/|\.test\.ts$|test-fixture\.ts$/.test(file);
const query = /\btx\.db\b|\bdb\.owner\b|\bsql`/;

const found = [];
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
  const file = path.join(entry.parentPath, entry.name);
  const rel = path.relative(path.resolve(root, '../../..'), file);
  if (isRepository(rel)) continue;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (query.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
}
if (found.length > 0) {
  console.error(`SQL outside a module's repository files (move it into repo.ts):\n${found.join('\n')}`);
  process.exit(1);
}
console.log('module SQL lives in repository files');
