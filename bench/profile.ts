import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Runs `fn`; when BENCH_PROFILE names a folder, the app's process (this one) is CPU-profiled
 * for exactly that span and the profile written there as `<stage>.cpuprofile` (open it in
 * Chrome's DevTools or speedscope). Set-up and warm-up stay out of the profile.
 */
export async function profiled<T>(stage: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${stage}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
