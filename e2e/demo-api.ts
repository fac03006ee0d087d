import type { Page } from '@playwright/test';

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
