import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { PERMISSIONS } from '../../modules.ts';
import {
  type ApiRoute,
  createTestAdmin,
  createTestClinic,
  describeEachDb,
  sessionFor,
  type TestApp,
  type TestClinic,
  type TestUser,
} from '../../test/harness.ts';
import type { ClinicRole } from '../db/schema.ts';
import type { Access } from './permissions.ts';

/**
 * Every role against every route, from the app's own route table and the one permission table:
 * nothing here lists routes or who may call them. A route added tomorrow is in the matrix.
 */

const CALLERS = ['anonymous', 'patient', 'secretary', 'doctor', 'owner', 'otherOwner', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

type Expectation = { allowed: true } | { allowed: false; status: 401 | 403 | 404; code: RegExp };

const DENY = {
  401: { allowed: false, status: 401, code: /^(unauthenticated|invalid_token)$/ },
  403: { allowed: false, status: 403, code: /^forbidden$/ },
  404: { allowed: false, status: 404, code: /^not_found$/ },
} as const;

/** What the declared access and the permission tables say `caller` gets. */
function expectedFor(access: Access, caller: Caller): Expectation {
  if (access.kind === 'public') return { allowed: true };
  if (caller === 'anonymous') return DENY[401];
  if (access.kind === 'user') return { allowed: true };
  if (access.kind === 'platform') {
    return caller === 'admin' && PERMISSIONS.hasPlatform(access.permission) ? { allowed: true } : DENY[404];
  }
  // A clinic route, on the clinic of the four members; the other owner and the admin are not members.
  if (caller === 'otherOwner' || caller === 'admin') return DENY[404];
  const roles: readonly ClinicRole[] = PERMISSIONS.rolesFor(access.permission);
  return roles.includes(caller) ? { allowed: true } : DENY[403];
}

function fillPath(url: string, clinic: TestClinic): string {
  return url
    .replace(/:clinicId\b/g, clinic.id)
    .replace(/:slug\b/g, clinic.slug)
    .replace(/:(\w+)/g, () => crypto.randomUUID())
    .replace(/\*/g, 'x');
}

interface Outcome {
  route: string;
  caller: Caller;
  status: number;
  code: string | undefined;
  reached: boolean;
}

/** The people a route is called by: a clinic's four members, another clinic's owner, an admin. */
interface Cast {
  clinic: TestClinic;
  otherOwner: TestUser;
  admin: TestUser;
}

async function call(t: TestApp, route: ApiRoute, caller: Caller, cast: Cast): Promise<Outcome> {
  const { clinic } = cast;
  const user: TestUser | null =
    caller === 'anonymous'
      ? null
      : caller === 'admin'
        ? cast.admin
        : caller === 'otherOwner'
          ? cast.otherOwner
          : clinic[caller];
  const headers: Record<string, string> = { 'x-request-id': `matrix-${randomBytes(8).toString('hex')}` };
  if (user) headers.authorization = (await sessionFor(t, user.id)).auth.authorization;
  const res = await t.app.inject({
    method: route.method as 'GET',
    url: fillPath(route.url, clinic),
    headers,
    ...(route.method === 'GET' ? {} : { payload: {} }),
  });
  const code = res.headers['content-type']?.toString().includes('json')
    ? (res.json() as { code?: string }).code
    : undefined;
  return {
    route: `${route.method} ${route.url}`,
    caller,
    status: res.statusCode,
    code,
    reached: t.reached.has(headers['x-request-id']!),
  };
}

/** What is wrong with an outcome, or null. */
function judge(o: Outcome, want: Expectation): string | null {
  const seen = `${o.status} ${o.code ?? ''}${o.reached ? ' (handler ran)' : ''}`;
  if (o.status >= 500) return `server error: ${seen}`;
  if (!want.allowed) {
    if (o.status !== want.status || !want.code.test(o.code ?? '') || o.reached) {
      return `should be denied with ${want.status}, got ${seen}`;
    }
    return null;
  }
  // Allowed: the handler ran, or the request was refused only for its (empty) body or query.
  if (o.reached) return null;
  if (o.status === 400 && o.code === 'validation_failed') return null;
  return `should be allowed, got ${seen}`;
}

describeEachDb('access: every role against every route', (t) => {
  it('the route table is complete: every documented /api operation is in it', async () => {
    const doc = (await t().app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const known = new Set(t().routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.length).toBeGreaterThan(0);
    expect(documented.filter((op) => !known.has(op))).toEqual([]);
    expect(t().routes.length).toBeGreaterThanOrEqual(6);
  });

  it('answers each caller as the declared access and the permission table say', async () => {
    const admin = await createTestAdmin(t());
    const otherOwner = (await createTestClinic(t())).owner;
    const routes = t().routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    const failures: string[] = [];
    const covered = new Set<string>();
    for (const route of routes) {
      // One clinic per route, shared by its callers: a route's ids are random, so no caller's
      // request changes what the next one meets.
      const cast = { clinic: await createTestClinic(t()), otherOwner, admin };
      for (const caller of CALLERS) {
        const want = expectedFor(route.access, caller);
        const outcome = await call(t(), route, caller, cast);
        covered.add(route.access.kind);
        const problem = judge(outcome, want);
        if (problem) failures.push(`${outcome.route} as ${caller}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
    expect([...covered]).toEqual(expect.arrayContaining(['public', 'user', 'clinic', 'platform']));
  }, 240_000); // every route × every caller, one after another: grows with the API

  it('a clinic route refuses a member of the clinic when the id is another clinic’s, malformed or unknown', async () => {
    const clinicRoutes = t().routes.filter((r) => r.access.kind === 'clinic' && r.method === 'GET');
    const a = await createTestClinic(t());
    const b = await createTestClinic(t());
    const s = await sessionFor(t(), a.owner.id);
    for (const route of clinicRoutes) {
      for (const id of [b.id, crypto.randomUUID(), 'not-a-uuid', b.id.toUpperCase(), `${a.id}x`]) {
        const url = fillPath(route.url.replace(':clinicId', id), a);
        const res = await t().app.inject({ method: 'GET', url, headers: s.auth });
        expect([url, res.statusCode, res.json().code]).toEqual([url, 404, 'not_found']);
        for (const secret of [b.slug, b.owner.email]) expect(res.body).not.toContain(secret);
      }
    }
  });

  it('every unsafe signed-in route refuses a session cookie without its CSRF token, before the handler', async () => {
    const unsafe = t().routes.filter(
      (r) => r.access.kind !== 'public' && !['GET', 'HEAD', 'OPTIONS'].includes(r.method),
    );
    expect(unsafe.length).toBeGreaterThan(0);
    const admin = await createTestAdmin(t());
    for (const route of unsafe) {
      const c = await createTestClinic(t());
      const user = route.access.kind === 'platform' ? admin : c.owner;
      const s = await sessionFor(t(), user.id);
      const id = `csrf-${randomBytes(8).toString('hex')}`;
      const res = await t().app.inject({
        method: route.method as 'POST',
        url: fillPath(route.url, c),
        headers: { cookie: `cliniclick_session=${s.token}`, 'x-request-id': id },
        payload: {},
      });
      expect([route.url, res.statusCode, res.json().code]).toEqual([route.url, 403, 'csrf_failed']);
      expect(t().reached.has(id)).toBe(false);
    }
  });

  it('a suspended clinic’s members are refused on its clinic routes', async () => {
    const clinicRoutes = t().routes.filter((r) => r.access.kind === 'clinic' && r.method === 'GET');
    const c = await createTestClinic(t());
    await t().db.owner.updateTable('clinics').set({ status: 'suspended' }).where('id', '=', c.id).execute();
    const s = await sessionFor(t(), c.owner.id);
    for (const route of clinicRoutes) {
      const res = await t().app.inject({ method: 'GET', url: fillPath(route.url, c), headers: s.auth });
      expect([route.url, res.statusCode]).toEqual([route.url, 403]);
      expect(res.json().code).toBe('clinic_suspended');
    }
  });
});
