import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { createTestAdmin, login, type Signed, type TestApp, uniqueSlug } from './harness.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request to `/api/v1<url>` as `who` (bearer token), or anonymously. */
export function call(
  t: TestApp,
  who: Pick<Signed, 'auth'> | null,
  method: Method,
  url: string,
  payload?: unknown,
) {
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

/** The invitation token in an emailed link `…/app/invite#<token>` (older links: `/app/invite/<token>`). */
export function inviteTokenFrom(text: string | undefined): string {
  const m = /\/app\/invite[#/](\S+)/.exec(text ?? '');
  if (!m) throw new Error(`no invitation link in: ${text}`);
  return m[1]!;
}

export function uniqueEmail(prefix = 'person'): string {
  return `${prefix}-${randomInt(1e9, 1e10 - 1).toString(36)}@people.test`.toLowerCase();
}

/** A valid body for `POST /admin/clinics`, with a fresh slug and owner email. */
export function clinicBody(overrides: Record<string, unknown> = {}) {
  return {
    slug: uniqueSlug('adm'),
    name: 'Harbour Dental',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    locale: 'fr',
    owner: { email: uniqueEmail('owner'), name: 'Olive Owner', password: 'harbour-dental-keys-1' },
    ...overrides,
  };
}

/** A new platform admin, signed in. */
export async function adminSession(t: TestApp): Promise<Signed> {
  return login(t, await createTestAdmin(t));
}

/** A user's active roles in a clinic, read as the database owner (what the database holds). */
export async function activeMemberships(t: TestApp, clinicId: string, userId: string) {
  return t.db.owner
    .selectFrom('memberships')
    .select(['role', 'status'])
    .where('clinic_id', '=', clinicId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .execute();
}

/** A 400 problem with `code`, whose `errors` name `field` with that code too. */
export function expectFieldProblem(
  res: { statusCode: number; json(): unknown },
  code: string,
  field: string,
  what: string,
): void {
  expect(res.statusCode, what).toBe(400);
  expect(res.json(), what).toMatchObject({
    code,
    errors: expect.arrayContaining([expect.objectContaining({ field, code })]),
  });
}
