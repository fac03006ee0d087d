import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { expectAccessible, resetLanguage, snap, stateFile } from './support';

// Words and actions that fit the moment, Arabic text mixing, nothing misleading (issue 11, items
// 4, 6 and 7): a visit offers only the steps that make sense now (and the clinic's rule on
// starting before check-in, which the owner switches), patients read their own words, services
// and prices read as an Arabic speaker reads them, names sit in their own direction, the audit log
// names who and whom, and opening a patient's record in the web app is audited.

const VIEWPORTS = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
const LANGUAGES = { en: 'English', ar: 'العربية' } as const;

async function chooseLanguage(page: Page, lang: keyof typeof LANGUAGES) {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: LANGUAGES[lang] }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
}

/**
 * The page in English and Arabic, desktop and phone: axe clean, no sideways scroll, a screenshot.
 * `ready` brings the view up (it may open a window, closed again after each language).
 */
async function shots(page: Page, testInfo: TestInfo, name: string, ready: (p: Page) => Promise<void>) {
  for (const lang of ['en', 'ar'] as const) {
    await chooseLanguage(page, lang);
    await ready(page);
    for (const [device, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
          message: `${name} ${device} ${lang} scrolls sideways`,
        })
        .toBeLessThanOrEqual(0);
      await expectAccessible(page, `${name} ${device} ${lang}`);
      await snap(page, testInfo, `words-${name}-${device}-${lang}`);
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
  await chooseLanguage(page, 'en');
}

async function csrfOf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'cliniclick_csrf')!.value;
}

async function demoClinicId(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as {
    memberships: Array<{ clinicId: string; clinicSlug: string }>;
  };
  return me.memberships.find((m) => m.clinicSlug === 'demo')!.clinicId;
}

async function setStartBeforeCheckIn(page: Page, on: boolean) {
  const clinicId = await demoClinicId(page);
  const res = await page.request.put(`/api/v1/clinics/${clinicId}/visit-rules`, {
    data: { startBeforeCheckIn: on },
    headers: { 'x-csrf-token': await csrfOf(page) },
  });
  expect(res.status()).toBe(200);
}

test.afterEach(async ({ page }) => {
  await resetLanguage(page);
});

test.describe('owner', () => {
  test.use({ storageState: stateFile('owner') });

  test('a visit offers the steps that fit: no "did not come" once arrived, start after check-in unless the owner allows it', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    try {
      await page.goto('/app/clinics/demo/owner/calendar');
      const grid = page.getByTestId('calendar');
      const details = page.getByRole('dialog', { name: 'Appointment' });

      // The demo's patient who has arrived: start the visit, or cancel; never "did not come".
      await grid.locator('[data-status="checked_in"]').first().click();
      await expect(details.getByRole('button', { name: 'Start visit' })).toBeVisible();
      await expect(details.getByRole('button', { name: 'Did not come' })).toHaveCount(0);
      await page.keyboard.press('Escape');
      await shots(page, testInfo, 'arrived-visit', async (p) => {
        await p.getByTestId('calendar').locator('[data-status="checked_in"]').first().click();
        await expect(p.getByRole('dialog').getByTestId('appointment-when')).toBeVisible();
      });

      // A confirmed visit not yet checked in: check in first; no "start" under the default rule.
      const confirmed = grid.locator('[data-status="confirmed"]').first();
      await confirmed.click();
      await expect(details.getByRole('button', { name: 'Check in' })).toBeVisible();
      await expect(details.getByRole('button', { name: 'Start visit' })).toHaveCount(0);
      await page.keyboard.press('Escape');

      // The owner allows starting before check-in in the scheduling set-up…
      await page.goto('/app/clinics/demo/owner/setup');
      const rule = page.getByRole('switch', { name: /start before the patient is checked in/ });
      await expect(rule).not.toBeChecked();
      await shots(page, testInfo, 'setup', async (p) => {
        await expect(p.getByTestId('start-before-check-in')).toBeVisible();
        await expect(p.getByTestId('doctor-card').first()).toBeVisible();
      });
      // …and languages are chosen and shown by name, never as codes.
      const card = page.getByTestId('doctor-card').first();
      await expect(card.getByText('English', { exact: true })).toBeVisible();
      await expect(card.getByText(/^Arabic — /)).toBeVisible();
      await expect(card.getByText('en', { exact: true })).toHaveCount(0);

      await rule.click({ force: true });
      await expect(page.getByRole('status').filter({ hasText: 'visit steps updated' })).toBeVisible();
      await expect(rule).toBeChecked();

      // Now the same confirmed visit offers "Start visit".
      await page.goto('/app/clinics/demo/owner/calendar');
      await grid.locator('[data-status="confirmed"]').first().click();
      await expect(details.getByRole('button', { name: 'Start visit' })).toBeVisible();
      await page.keyboard.press('Escape');
    } finally {
      await setStartBeforeCheckIn(page, false);
    }
  });

  test('opening a patient’s record in the web app is in the audit log, with who opened it and whose record', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await page.goto('/app/clinics/demo/owner/patients');
    await page.getByLabel('Search by name or phone').fill('Pat Patient');
    const read = page.waitForResponse(
      (r) => /\/patients\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET',
    );
    await page.getByTestId('patients-table').getByRole('button', { name: 'Pat Patient' }).click();
    expect((await read).status()).toBe(200);
    await expect(page.getByRole('dialog').getByLabel(/^Full name/)).toHaveValue('Pat Patient');
    await page.keyboard.press('Escape');

    await page.goto('/app/clinics/demo/owner/audit');
    const table = page.getByTestId('audit-table');
    const opened = table.getByRole('row').filter({ hasText: 'Opened a patient’s record' }).first();
    await expect(opened).toContainText('Olivia Owner');
    await expect(opened).toContainText('Pat Patient');
    // The kind of record in words, not a bare code like `patient`.
    await expect(opened.getByText('Patient', { exact: true })).toBeVisible();
    await expect(opened.getByText('patient', { exact: true })).toHaveCount(0);
    await shots(page, testInfo, 'audit', async (p) => {
      await expect(p.getByTestId('audit-table').getByRole('row').nth(1)).toBeVisible();
    });
  });

  test('the home shows only what is true: today’s visits with who has arrived, no cards for what does not exist', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await page.goto('/app/clinics/demo/owner');
    const today = page.getByTestId('card-appointments');
    await expect(today).toContainText('Arrived');
    await expect(page.getByText(/waiting|takings/i)).toHaveCount(0);
    // The clinic's zone and currency in words, not codes.
    await expect(page.getByTestId('card-clinics')).toContainText(/Eastern Time \(\u2068?New.York\u2069?\)/);
    await expect(page.getByTestId('card-clinics')).toContainText('US Dollar');
    await shots(page, testInfo, 'home', async (p) => {
      await expect(p.getByTestId('card-appointments')).toBeVisible();
    });
  });
});

test.describe('patient', () => {
  test.use({ storageState: stateFile('patient') });

  test('reads their visits in their own words, with prices and services as an Arabic reader reads them', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await page.goto('/app/clinics/demo/patient/visits');
    const visits = page.getByTestId('my-visit');
    await expect(visits.first()).toBeVisible();
    await expect(page.getByText('Booked', { exact: true }).first()).toBeVisible();
    // Never the front desk's words.
    for (const staffWord of ['Held', 'Hold lapsed', 'In the room', 'Confirmed'])
      await expect(page.getByText(staffWord, { exact: true })).toHaveCount(0);

    await chooseLanguage(page, 'ar');
    await expect(visits.first()).toContainText('دولار أمريكي');
    await expect(page.getByTestId('my-visit').filter({ hasText: 'US$' })).toHaveCount(0);
    // The clinic gave its services Arabic names: an Arabic reader gets them.
    await expect(
      page.getByText(/استشارة عامة|تنظيف الأسنان|استشارة عبر الإنترنت|زيارة متابعة/).first(),
    ).toBeVisible();
    // The doctor's Latin name sits in its own <bdi>, so the sentence around it keeps its order.
    await expect(visits.first().locator('bdi').filter({ hasText: 'Dr.' }).first()).toBeVisible();
    await shots(page, testInfo, 'my-visits', async (p) => {
      await expect(p.getByTestId('my-visit').first()).toBeVisible();
    });
  });
});
