import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Says where the screenshots are, so a person can look at them. */
export default function teardown(): void {
  const dir = path.join(process.env.E2E_OUT!, 'screenshots');
  let n = 0;
  try {
    n = readdirSync(dir).filter((f) => f.endsWith('.png')).length;
  } catch {}
  console.log(`\ne2e screenshots: ${n} in ${dir}\n`);
}
