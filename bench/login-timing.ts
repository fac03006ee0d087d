import { performance } from 'node:perf_hooks';

export interface LoginTiming {
  knownMs: number[];
  unknownMs: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : Number.NaN;
};

/**
 * Wrong-password sign-ins for emails that exist and for emails that do not, interleaved, one at a
 * time, each from its own forwarded address (the bench app trusts one proxy hop) so the per-IP
 * throttle stays out of it. Known emails are used at most 4 times each, below the lockout.
 * What should hold: both answer 401 in the same time, so timing does not reveal who has an account.
 */
export async function timeLogins(
  baseUrl: string,
  knownEmails: string[],
  tries: number,
): Promise<LoginTiming> {
  const out: LoginTiming = { knownMs: [], unknownMs: [] };
  const usable = knownEmails.slice(0, Math.max(1, Math.ceil(tries / 4)));
  for (let i = 0; i < tries * 2; i++) {
    const known = i % 2 === 0;
    const email = known
      ? usable[Math.floor(i / 2) % usable.length]!
      : `nobody-${i}-${Date.now()}@nowhere.bench`;
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${i >> 8}.${i & 255}` },
      body: JSON.stringify({ email, password: 'not-the-password' }),
    });
    await res.arrayBuffer();
    const ms = performance.now() - started;
    if (res.status !== 401) throw new Error(`login timing: expected 401, got ${res.status}`);
    (known ? out.knownMs : out.unknownMs).push(ms);
  }
  return out;
}

export function summarizeLogins(t: LoginTiming): { knownP50: number; unknownP50: number; sameness: number } {
  const knownP50 = median(t.knownMs);
  const unknownP50 = median(t.unknownMs);
  return { knownP50, unknownP50, sameness: Math.min(knownP50, unknownP50) / Math.max(knownP50, unknownP50) };
}
