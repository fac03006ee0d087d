import { expect, test } from '@playwright/test';
import { csrfHeader, demoIds } from './demo-api';
import {
  messageFromOutbox,
  PATIENT_PHONE,
  resetLanguage,
  setLanguage,
  settled,
  snap,
  stateFile,
} from './support';

const PHONE_SIZE = { width: 390, height: 844 };
const linkIn = (sms: string) => {
  const m = sms.match(/https?:\/\/\S+\/c\/demo\/visit\/[A-Za-z0-9_-]{43}/);
  if (!m) throw new Error(`no link in "${sms}"`);
  return new URL(m[0]).pathname;
};

test.describe('self-service link (phone)', () => {
  test.use({ storageState: stateFile('secretary') });

  test('a confirmation SMS carries a link: add to calendar, reschedule, then cancel; the desk sees it all', async ({
    page,
    browser,
  }, testInfo) => {
    // The desk books the demo patient three days ahead, through the API.
    const { clinicId, serviceId, doctorId } = await demoIds(page);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (
      await page.request.get(
        `/api/v1/clinics/${clinicId}/services/${serviceId}/slots?doctorId=${doctorId}&from=${day(3)}&to=${day(9)}`,
      )
    ).json()) as { slots: Array<{ start: string }> };
    const start = slots.slots[0]?.start;
    expect(start).toBeTruthy();
    const after = Date.now();
    const booked = await page.request.post(`/api/v1/clinics/${clinicId}/appointments`, {
      headers: await csrfHeader(page),
      data: {
        serviceId,
        doctorId,
        startsAt: start,
        patient: { fullName: 'Demo Patient', phone: PATIENT_PHONE },
      },
    });
    expect(booked.status()).toBe(201);
    const appointmentId = ((await booked.json()) as { id: string }).id;
    const link = linkIn(await messageFromOutbox('sms', PATIENT_PHONE, after));

    // The patient opens it on a phone, signed in to nothing.
    const patient = await browser.newContext({ viewport: PHONE_SIZE, storageState: undefined });
    const p = await patient.newPage();
    await p.goto(link);
    await expect(p.getByRole('heading', { name: 'Your visit' })).toBeVisible();
    await expect(p.locator('[data-status="confirmed"]')).toBeVisible();
    await snap(p, testInfo, 'self-service-visit-en');
    const download = p.waitForEvent('download');
    await p.getByRole('link', { name: 'Add to calendar' }).click();
    expect((await download).suggestedFilename()).toBe('visit.ics');
    await p.goto(`${link}?lang=ar`);
    await expect(p.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(p.getByRole('heading', { name: 'زيارتك' })).toBeVisible();
    await snap(p, testInfo, 'self-service-visit-ar');

    // Reschedule: another time of the same doctor; the new message brings a new link.
    await p.goto(link);
    await p.getByRole('link', { name: 'Choose another time' }).click();
    await snap(p, testInfo, 'self-service-reschedule-en');
    await p.locator('input[name="startsAt"]').nth(1).check();
    const beforeMove = Date.now();
    await p.getByRole('button', { name: 'Move my visit' }).click();
    await expect(p.getByText('Your visit is moved')).toBeVisible();
    let moved = '';
    await expect
      .poll(async () => {
        moved = await messageFromOutbox('sms', PATIENT_PHONE, beforeMove);
        return moved.includes('moved');
      })
      .toBe(true);
    const newLink = linkIn(moved);
    expect(newLink).not.toBe(link);

    // Cancel through the new link, with the confirm step.
    await p.goto(newLink);
    await p.getByRole('link', { name: 'Cancel the visit' }).click();
    await p.getByLabel('Reason (optional)').fill('Travelling');
    await snap(p, testInfo, 'self-service-cancel-en');
    await p.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect(p.getByText('Your visit is cancelled')).toBeVisible();
    await patient.close();

    // The desk: the visit is cancelled by the patient, with its messages.
    const a = (await (
      await page.request.get(`/api/v1/clinics/${clinicId}/appointments/${appointmentId}`)
    ).json()) as {
      status: string;
      cancelReason: string;
      startsAt: string;
    };
    expect(a).toMatchObject({ status: 'cancelled', cancelReason: 'Travelling' });
    const notices = (await (
      await page.request.get(`/api/v1/clinics/${clinicId}/appointments/${appointmentId}/notices`)
    ).json()) as { messages: Array<{ kind: string }> };
    expect(notices.messages.map((m) => m.kind)).toEqual(
      expect.arrayContaining(['confirmed', 'rescheduled', 'cancelled']),
    );

    // …and in the calendar: the visit's dialog lists the messages with their status.
    // The demo clinic's zone (server/src/demo/seed.ts).
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
      new Date(a.startsAt),
    );
    await page.goto(`/app/clinics/demo/secretary/calendar?date=${date}`);
    await page.locator(`[data-testid="appointment"][data-id="${appointmentId}"]`).click();
    const history = page.getByTestId('notices');
    await expect(history).toContainText('Messages to the patient');
    await expect(history.getByTestId('notice')).toHaveCount(notices.messages.length);
    await expect(history).toContainText('Cancellation');
    await snap(page, testInfo, 'self-service-desk-history-en');
  });
});

test.describe('my visits (patient, phone)', () => {
  test.use({ storageState: stateFile('patient'), viewport: PHONE_SIZE });

  test('the patient adds a visit to their calendar and moves it from the panel, in English and Arabic', async ({
    page,
    browser,
  }, testInfo) => {
    // The desk books the patient a week ahead (outside the 24-hour window).
    const desk = await browser.newContext({ storageState: stateFile('secretary') });
    const d = await desk.newPage();
    await d.goto('/app/clinics/demo/secretary');
    const { clinicId, serviceId, doctorId } = await demoIds(d);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (
      await d.request.get(
        `/api/v1/clinics/${clinicId}/services/${serviceId}/slots?doctorId=${doctorId}&from=${day(8)}&to=${day(14)}`,
      )
    ).json()) as { slots: Array<{ start: string }> };
    const booked = await d.request.post(`/api/v1/clinics/${clinicId}/appointments`, {
      headers: await csrfHeader(d),
      data: {
        serviceId,
        doctorId,
        startsAt: slots.slots[0]?.start,
        patient: { fullName: 'Pat Patient', phone: PATIENT_PHONE },
      },
    });
    expect(booked.status()).toBe(201);
    await desk.close();

    await page.goto('/app/clinics/demo/patient/visits');
    await settled(page);
    const visit = page
      .getByTestId('my-visit')
      .filter({ has: page.getByTestId('my-move') })
      .last();
    await expect(visit).toBeVisible();
    await snap(page, testInfo, 'my-visits-en');
    const download = page.waitForEvent('download');
    await visit.getByTestId('my-ics').click();
    expect((await download).suggestedFilename()).toBe('visit.ics');

    await visit.getByTestId('my-move').click();
    await page.getByTestId('my-move-select').click();
    await page.getByRole('option').nth(1).click();
    await snap(page, testInfo, 'my-visits-move-en');
    await page.getByTestId('my-move-confirm').click();
    await expect(page.getByTestId('my-move-confirm')).toBeHidden();

    try {
      await setLanguage(page, 'ar');
      await page.reload();
      await settled(page);
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expect(page.getByRole('button', { name: 'أضف إلى التقويم' }).first()).toBeVisible();
      await snap(page, testInfo, 'my-visits-ar');
    } finally {
      await resetLanguage(page);
    }
  });
});
