import { addDays, instantAt, isoWeekday, todayIn } from '@cliniclick/time';
import { expect, test } from '@playwright/test';
import { bookThroughApi, csrfHeader, demoIds } from './demo-api';
import {
  messageFromOutbox,
  PATIENT_PHONE,
  resetLanguage,
  setLanguage,
  settled,
  snap,
  stateFile,
} from './support';

// The waitlist end to end on a phone: the secretary puts the demo patient on the waitlist, a
// matching visit is cancelled, the offer goes out by SMS (the demo's outbox file), the patient
// takes the time from the link, and it is in the calendar. Then the owner's no-show chart.
const ZONE = 'America/New_York';
const PHONE = { width: 390, height: 844 };
const day = (() => {
  for (let n = 12; ; n++) {
    const d = addDays(todayIn(ZONE), n);
    if (isoWeekday(d) <= 5) return d;
  }
})();
const startsAt = instantAt(day, 14 * 60 + 30, ZONE).toISOString();

test.describe('waitlist, phone-sized', () => {
  test.use({ viewport: PHONE });

  test('a freed time is offered by SMS and the patient takes it from the link', async ({
    browser,
  }, testInfo) => {
    const desk = await browser.newContext({ storageState: stateFile('secretary'), viewport: PHONE });
    const page = await desk.newPage();
    await resetLanguage(page);
    await page.goto('/app/clinics/demo/secretary/waitlist');
    await expect(page.getByTestId('add-wish')).toBeVisible({ timeout: 30_000 });
    const form = page.getByTestId('add-wish');
    await form.getByLabel('Patient’s name').fill('Demo Patient');
    await form.getByLabel('Patient’s phone').fill(PATIENT_PHONE);
    await form.getByRole('combobox', { name: 'Service' }).click();
    await page.getByRole('option', { name: 'Follow-up visit' }).click();
    await form.getByLabel('Until').fill(addDays(day, 2));
    await form.getByRole('button', { name: 'Add' }).click();
    await expect(page.getByTestId('notice')).toContainText('Added to the waitlist');
    await settled(page);
    await snap(page, testInfo, 'waitlist-secretary-phone-en');

    // Another caller's follow-up visit at that time, then cancelled: the time frees.
    expect(await bookThroughApi(page, startsAt, 'Waitlist Freer', '+15555557001')).toBe(201);
    const { clinicId } = await demoIds(page);
    const list = await page.request.get(
      `/api/v1/clinics/${clinicId}/appointments?from=${startsAt}&to=${addDays(day, 1)}T23:59:59Z`,
    );
    const freer = ((await list.json()) as { items: Array<{ id: string; patientName: string }> }).items.find(
      (a) => a.patientName === 'Waitlist Freer',
    )!;
    const sent = Date.now();
    const cancelled = await page.request.post(`/api/v1/clinics/${clinicId}/appointments/${freer.id}/cancel`, {
      headers: await csrfHeader(page),
      data: { reason: 'Cannot come' },
    });
    expect(cancelled.status()).toBe(200);

    const sms = await messageFromOutbox('sms', PATIENT_PHONE, sent, (b) => b.includes('/waitlist/offer/'));
    const link = sms.match(/https?:\/\/\S+\/waitlist\/offer\/[\w-]+/)?.[0];
    expect(link, sms).toBeTruthy();

    const patient = await browser.newContext({ viewport: PHONE });
    const phone = await patient.newPage();
    await phone.goto(`${link}?lang=ar`);
    await expect(phone.getByRole('button', { name: 'احجز هذا الموعد' })).toBeVisible();
    await snap(phone, testInfo, 'waitlist-offer-phone-ar');
    await phone.goto(link!);
    await snap(phone, testInfo, 'waitlist-offer-phone-en');
    await phone.getByRole('button', { name: 'Take this time' }).click();
    await expect(phone.getByRole('status')).toContainText('Booked');
    await snap(phone, testInfo, 'waitlist-claimed-phone-en');

    // The booking is in the calendar, confirmed, for the demo patient.
    const after = await page.request.get(
      `/api/v1/clinics/${clinicId}/appointments?from=${startsAt}&to=${addDays(day, 1)}T23:59:59Z`,
    );
    const items = (
      (await after.json()) as { items: Array<{ startsAt: string; status: string; patientPhone: string }> }
    ).items;
    expect(items).toContainEqual(
      expect.objectContaining({ startsAt, status: 'confirmed', patientPhone: PATIENT_PHONE }),
    );
    await page.goto(`/app/clinics/demo/secretary/calendar?date=${day}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
    await snap(page, testInfo, 'waitlist-calendar-phone-en');
    await setLanguage(page, 'ar');
    await page.goto('/app/clinics/demo/secretary/waitlist');
    await settled(page);
    await snap(page, testInfo, 'waitlist-secretary-phone-ar');
    await resetLanguage(page);
    await patient.close();
    await desk.close();
  });

  test('the owner sees the no-show chart', async ({ browser }, testInfo) => {
    const ctx = await browser.newContext({ storageState: stateFile('owner'), viewport: PHONE });
    const page = await ctx.newPage();
    await resetLanguage(page);
    await page.goto('/app/clinics/demo/owner/attendance');
    // The page's code loads on first visit; a shared two-core machine can take a while.
    await expect(page.getByTestId('noshow-chart')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('no-reminder-data')).toBeVisible();
    await snap(page, testInfo, 'attendance-owner-phone-en');
    await setLanguage(page, 'ar');
    await page.reload();
    await expect(page.getByTestId('noshow-chart')).toBeVisible({ timeout: 30_000 });
    await snap(page, testInfo, 'attendance-owner-phone-ar');
    await resetLanguage(page);
    await ctx.close();
  });
});
