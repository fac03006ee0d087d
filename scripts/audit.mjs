#!/usr/bin/env node
// Fails when a dependency the product ships (production dependencies) has a known vulnerability
// of high or critical severity, asking the registry's audit endpoint. Development tools with one
// are listed as a warning. When the registry cannot answer (offline, a mirror without the audit
// endpoint), it says so and passes: the check must not turn an outage into a red build.
import { spawnSync } from 'node:child_process';

const FAILING = new Set(['high', 'critical']);

/** Runs `npm audit --json` with extra arguments; the parsed report, or null when there was no answer. */
function audit(args) {
  const run = spawnSync('npm', ['audit', '--json', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return { error: (run.stderr || run.error?.message || 'no output').trim().split('\n').at(-1) };
  }
  if (report.error || !report.vulnerabilities) {
    return { error: report.error?.summary || report.message || 'the audit endpoint gave no report' };
  }
  return { report };
}

function serious(report) {
  return Object.values(report.vulnerabilities)
    .filter((v) => FAILING.has(v.severity))
    .map((v) => `${v.name} (${v.severity}): ${v.range}${v.fixAvailable ? ', fix available' : ''}`);
}

const shipped = audit(['--omit=dev']);
if (shipped.error) {
  console.log(`npm audit: skipped, the registry did not answer (${shipped.error})`);
  process.exit(0);
}
const all = audit([]);
const failing = serious(shipped.report);
const devOnly = all.report ? serious(all.report).filter((line) => !failing.includes(line)) : [];
for (const line of devOnly) console.log(`npm audit: warning, development dependency ${line}`);
if (failing.length > 0) {
  for (const line of failing) console.log(`npm audit: ${line}`);
  console.log(`npm audit: ${failing.length} shipped dependencies with a high or critical advisory`);
  process.exit(1);
}
console.log('npm audit: no high or critical advisory in shipped dependencies');
