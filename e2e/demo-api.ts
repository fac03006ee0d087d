import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { baseURL, messageFromOutbox, PASSWORD, PEOPLE } from './support';

/** CSRF header for the signed-in person's unsafe requests through `page.request`. */
export async function csrfHeader(page: Page): Promise<Record<string, string>> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'cliniclick_csrf')?.value ?? '';
  return { 'x-csrf-token': csrf };
}

/** The demo clinic's id, and its follow-up visit (15 minutes) and first doctor. */
export async function demoIds(page: Page) {
  const get = async <T>(path: string) => (await (await page.request.get(`/api/v1${path}`)).json()) as T;
  const me = await get<{ memberships: Array<{ clinicId: string; clinicSlug: string }> }>('/me');
  const clinicId = me.memberships.find((m) => m.clinicSlug === 'demo')!.clinicId;
  const services = await get<{ items: Array<{ id: string; name: string }> }>(`/clinics/${clinicId}/services`);
  const doctors = await get<{ items: Array<{ id: string }> }>(`/clinics/${clinicId}/doctors`);
  return {
    clinicId,
    serviceId: services.items.find((x) => x.name === 'Follow-up visit')!.id,
    doctorId: doctors.items[0]!.id,
  };
}

/** Books a follow-up visit for a new patient straight through the API, as another desk would. */
export async function bookThroughApi(page: Page, startsAt: string, fullName: string, phone: string) {
  const { clinicId, serviceId, doctorId } = await demoIds(page);
  const res = await page.request.post(`/api/v1/clinics/${clinicId}/appointments`, {
    headers: await csrfHeader(page),
    data: { serviceId, doctorId, startsAt, patient: { fullName, phone } },
  });
  return res.status();
}

export type Auth = { authorization: string };

/** Signs in through the API with a password; answers the bearer header. */
export async function apiSignIn(request: APIRequestContext, email: string, password: string): Promise<Auth> {
  const res = await request.post(`${baseURL()}/api/v1/auth/login`, { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

/**
 * Invites `email` to a clinic as its secretary and accepts the emailed link with `password`, as
 * staff join (by invitation only); answers the new user's id.
 */
export async function inviteAndAccept(
  request: APIRequestContext,
  auth: Auth,
  clinicId: string,
  email: string,
  password: string,
): Promise<string> {
  const sent = Date.now();
  const added = await request.post(`${baseURL()}/api/v1/clinics/${clinicId}/staff`, {
    headers: auth,
    data: { email, name: 'Nadia Karam', role: 'secretary' },
  });
  expect(added.status(), await added.text()).toBe(201);
  const mail = await messageFromOutbox('email', email, sent);
  const invitation = mail.match(/\/app\/invite#(\S+)/)?.[1];
  const accepted = await request.post(`${baseURL()}/api/v1/invitations/accept`, {
    data: { token: invitation, password },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  return ((await accepted.json()) as { user: { id: string } }).user.id;
}

/**
 * A new secretary of the demo clinic, with `password`. Call `leave` when the spec ends: other
 * specs count the demo's team.
 */
export async function newDemoStaffMember(
  request: APIRequestContext,
  password: string,
): Promise<{ email: string; leave: (request: APIRequestContext) => Promise<void> }> {
  const auth = await apiSignIn(request, PEOPLE.owner, PASSWORD);
  const me = (await (await request.get(`${baseURL()}/api/v1/me`, { headers: auth })).json()) as {
    memberships: Array<{ clinicId: string; clinicSlug: string }>;
  };
  const clinicId = me.memberships.find((m) => m.clinicSlug === 'demo')!.clinicId;
  const email = `nadia.${Date.now()}@staff.example.test`;
  const userId = await inviteAndAccept(request, auth, clinicId, email, password);
  const leave = async (req: APIRequestContext) => {
    const removed = await req.delete(`${baseURL()}/api/v1/clinics/${clinicId}/staff/${userId}`, {
      headers: auth,
    });
    expect(removed.status(), await removed.text()).toBeLessThan(300);
  };
  return { email, leave };
}
