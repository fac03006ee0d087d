import { describe, expect, it } from 'vitest';
import { loggableUrl, REDACTED, redactingStream, redactTokens } from './log-redaction.ts';

const TOKEN = 'q3J9x_7-KfPz0aLmWcT5yHbN2vRsE8uGdQiOjXkYl4A'; // the shape of newToken()
const CLINIC = '0193b2c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';

const route = (url: string, pattern?: string, secrets?: { params?: string[]; query?: string[] }) =>
  loggableUrl({ url, routeOptions: { url: pattern, config: secrets ? { secrets } : {} } } as never);

describe('URLs in logs', () => {
  it('replaces token-shaped runs anywhere, keeps UUIDs, words and short hashes', () => {
    expect(redactTokens(`/app/invite/${CLINIC}.${TOKEN}`)).toBe(`/app/invite/${CLINIC}.${REDACTED}`);
    expect(redactTokens(`GET:/x/${TOKEN}.ics not found`)).toBe(`GET:/x/${REDACTED}.ics not found`);
    for (const kept of [
      `/api/v1/clinics/${CLINIC}/appointments`,
      '/app/assets/index-CfBoY-Nb.js',
      '/c/a-very-long-clinic-slug-made-of-plain-words',
      'from=2025-01-01T00:00:00.000Z',
    ])
      expect(redactTokens(kept)).toBe(kept);
  });

  it('replaces the path parameters and query parameters a route declares, and any named like a secret', () => {
    expect(route('/api/v1/tv/short99', '/api/v1/tv/:board', { params: ['board'] })).toBe(
      `/api/v1/tv/${REDACTED}`,
    );
    expect(route('/api/v1/public/calendar/abc.ics', '/api/v1/public/calendar/:token')).toBe(
      `/api/v1/public/calendar/${REDACTED}`,
    );
    expect(route(`/api/v1/clinics/${CLINIC}/x`, '/api/v1/clinics/:clinicId/x')).toBe(
      `/api/v1/clinics/${CLINIC}/x`,
    );
    expect(
      route('/api/v1/join?clinic=demo&pin=1234&resetToken=abc&api_key=k&page=2', '/api/v1/join', {
        query: ['pin'],
      }),
    ).toBe(`/api/v1/join?clinic=demo&pin=${REDACTED}&resetToken=${REDACTED}&api_key=${REDACTED}&page=2`);
    // No route (a 404): names and shapes still apply.
    expect(route(`/nope?token=abc&x=${TOKEN}`)).toBe(`/nope?token=${REDACTED}&x=${REDACTED}`);
    expect(route('/nope?%74oken=abc')).toBe(`/nope?%74oken=${REDACTED}`);
  });

  it('scrubs every line written through the logging stream', () => {
    const lines: string[] = [];
    const stream = redactingStream({ write: (l: string) => void lines.push(l) });
    stream.write(`{"msg":"send failed for https://x.test/app/invite#${CLINIC}.${TOKEN}"}\n`);
    expect(lines.join('')).not.toContain(TOKEN);
    expect(lines.join('')).toContain(CLINIC);
  });
});
