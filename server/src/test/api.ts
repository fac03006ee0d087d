import { randomInt } from 'node:crypto';
import type { TestApp } from './harness.ts';

/**
 * A distinct loopback address per sign-in: the per-IP login throttle counts in the database,
 * which on PostgreSQL outlives one test run, so many sign-ins from one address would trip it.
 */
export function randomIp(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export interface Signed {
  userId: string;
  token: string;
  auth: { authorization: string };
}

/** Signs in by email and password through the API, from a fresh address. */
export async function signIn(t: TestApp, user: { email: string; password: string }): Promise<Signed> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
    remoteAddress: randomIp(),
  });
  if (res.statusCode !== 200) throw new Error(`login failed ${res.statusCode}: ${res.body}`);
  const body = res.json() as { token: string; user: { id: string } };
  return { userId: body.user.id, token: body.token, auth: { authorization: `Bearer ${body.token}` } };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request to `/api/v1<url>` as `who` (bearer token), or anonymously. */
export function call(t: TestApp, who: Signed | null, method: Method, url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(who ? { headers: who.auth } : {}),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** The newest email queued for an address (from the outbox table). */
export async function lastEmailTo(
  t: TestApp,
  to: string,
): Promise<{ subject: string | null; body: string } | undefined> {
  return t.db.owner
    .selectFrom('outbox')
    .select(['subject', 'body'])
    .where('recipient', '=', to)
    .where('channel', '=', 'email')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The invitation token in an emailed link `…/app/invite/<token>`. */
export function inviteTokenFrom(text: string | undefined): string {
  const m = /\/app\/invite\/(\S+)/.exec(text ?? '');
  if (!m) throw new Error(`no invitation link in: ${text}`);
  return m[1]!;
}

export function uniqueEmail(prefix = 'person'): string {
  return `${prefix}-${randomInt(1e9, 1e10 - 1).toString(36)}@people.test`.toLowerCase();
}
