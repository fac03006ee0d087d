#!/usr/bin/env node
// Runs npm scripts side by side (as many at once as the machine has cores), prints each one's
// output in one piece when it ends, and exits non-zero when any failed.
//   node scripts/parallel.mjs lint:biome typecheck:server …
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/parallel.mjs <npm script>…');
  process.exit(2);
}
const slots = Math.max(1, Number(process.env.PARALLEL ?? availableParallelism()));

function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const mark = code === 0 ? 'ok' : `FAILED (exit ${code})`;
      process.stdout.write(`\n── ${name}: ${mark}, ${seconds}s\n${output.trimEnd()}${output ? '\n' : ''}`);
      resolve(code === 0);
    });
  });
}

const queue = [...names];
const results = [];
async function worker() {
  for (let name = queue.shift(); name; name = queue.shift()) results.push(await run(name));
}
await Promise.all(Array.from({ length: Math.min(slots, names.length) }, worker));
const failed = results.filter((ok) => !ok).length;
console.log(failed ? `\n${failed} of ${names.length} checks failed` : `\nall ${names.length} checks passed`);
process.exit(failed ? 1 : 0);
