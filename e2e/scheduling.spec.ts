import { addDays, isoWeekday, localToUtc, todayIn, utcToLocal } from '@cliniclick/time';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { bookThroughApi, demoIds } from './demo-api';
import { expectAccessible, snap, stateFile } from './support';

// The scheduling screens: the front desk books, moves and cancels on the calendar, a doctor works
// from their agenda on a phone, the work-hours editor warns before leaving visits outside hours;
// each screen passes axe and is photographed, desktop and phone, English and Arabic.

const ZONE = 'America/New_York';
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const LANGUAGES = { en: 'English', ar: 'العربية' } as const;

/** The clinic's date `n` days from today (its own zone, not the test machine's). */
const clinicDay = (n: number): string => addDays(todayIn(ZONE), n);

/** A working day (Mon–Fri) at least two days ahead: it has free times whatever the hour now. */
function bookingDay(): string {
  for (let n = 2; ; n++) if (isoWeekday(clinicDay(n)) <= 5) return clinicDay(n);
}
const DAY = bookingDay();

async function chooseLanguage(page: Page, lang: keyof typeof LANGUAGES) {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: LANGUAGES[lang] }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
}

/** The same wall-clock time seven days on in `zone` (a series repeats in local time, across DST). */
function sameLocalTimeAWeekLater(iso: string, zone: string): string {
  const { day, minute } = utcToLocal(zone, Date.parse(iso));
  return new Date(localToUtc(zone, day + 7, minute)).toISOString();
}

// The language is saved on the account: whatever a failed test left, the next spec starts in English.
test.afterEach(async ({ page }) => {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'cliniclick_csrf')?.value;
  if (csrf)
    await page.request.patch('/api/v1/me', { data: { locale: 'en' }, headers: { 'x-csrf-token': csrf } });
});

interface View {
  name: string;
  /** Loaded when the page shown is another one; views of one page share a load. */
  url: string;
  /** Brings the view up (chooses a service, opens a window) and waits for what matters. */
  show: (p: Page) => Promise<void>;
}

/**
 * Each view in both languages and on both devices: no sideways scroll, axe clean, a screenshot.
 * Language is switched once per language and pages load once per language: resizing and
 * switching re-render in place, as for a person, which keeps the sweep fast.
 */
async function checkViews(page: Page, testInfo: TestInfo, views: View[]) {
  let loaded = '';
  for (const lang of ['en', 'ar'] as const) {
    for (const view of views) {
      if (view.url !== loaded) {
        await page.setViewportSize(VIEWPORTS.desktop);
        await page.goto(view.url);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        loaded = view.url;
      }
      await chooseLanguage(page, lang);
      await view.show(page);
      for (const [device, size] of Object.entries(VIEWPORTS)) {
        const what = `${view.name} ${device} ${lang}`;
        await page.setViewportSize(size);
        // Polled: after a resize the menu slides away (a transition) before the layout settles.
        await expect
          .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
            message: `${what} scrolls sideways`,
          })
          .toBeLessThanOrEqual(0);
        await expectAccessible(page, what);
        await snap(page, testInfo, `${view.name}-${device}-${lang}`);
      }
      await page.keyboard.press('Escape'); // closes a window the view opened
      await expect(page.getByRole('dialog')).toHaveCount(0);
    }
    loaded = ''; // the next language starts each page afresh
  }
  await chooseLanguage(page, 'en');
}

const checkScreen = (page: Page, testInfo: TestInfo, name: string, url: string, show: View['show']) =>
  checkViews(page, testInfo, [{ name, url, show }]);

test.describe('front desk', () => {
  test.use({ storageState: stateFile('secretary') });

  test('sees the demo day, books a free slot for the demo patient, moves it and cancels it with a reason', async ({
    page,
  }) => {
    test.setTimeout(120_000); // two bookings, a move and a cancellation, on a shared machine
    await page.goto('/app/clinics/demo/secretary/calendar');
    await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
    const grid = page.getByTestId('calendar');
    await expect(grid.getByRole('button', { name: /Dr\. Daniel Reed|Pat Patient/ }).first()).toBeVisible();
    await expect(grid.locator('[data-status="checked_in"]').first()).toContainText('Arrived');
    await expect(grid.locator('[data-status="completed"]').first()).toContainText('Done');

    // Another working day, free times for a general consultation: click the first free time.
    await page.goto(`/app/clinics/demo/secretary/calendar?date=${DAY}`);
    await page.getByTestId('calendar-service').click();
    await page.getByRole('option', { name: 'General consultation' }).click();
    const free = grid.getByTestId('free-slot');
    await expect(free.first()).toBeVisible();
    const before = await grid.getByTestId('appointment').count();
    await free.first().click();
    const dialog = page.getByRole('dialog', { name: 'New appointment' });
    await expect(dialog.getByTestId('chosen-slot')).toContainText(
      'General consultation with Dr. Daniel Reed',
    );
    await dialog.getByLabel('Find the patient').fill('Pat');
    await dialog.getByRole('radio', { name: /Pat Patient/ }).check();
    await dialog.getByRole('button', { name: 'Book appointment' }).click();
    await expect(dialog).toBeHidden();
    await expect(grid.getByTestId('appointment')).toHaveCount(before + 1);

    // A second booking through the "New appointment" button and the slot picker (recommended first).
    await page.getByTestId('book-button').click();
    await expect(dialog.getByTestId('recommended-slot').first()).toBeVisible();
    await dialog.getByTestId('recommended-slot').first().click();
    await dialog.getByText('New patient').click();
    await dialog.getByLabel(/^Full name/).fill('Rita Rebook');
    await dialog.getByLabel(/^Mobile number/).fill('+15555550177');
    await dialog.getByRole('button', { name: 'Book appointment' }).click();
    await expect(dialog).toBeHidden();
    await expect(grid.getByTestId('appointment')).toHaveCount(before + 2);

    // Move Rita's visit to another time, from the keyboard-usable "move" step: it asks once.
    const rita = grid.getByTestId('appointment').filter({ hasText: 'Rita Rebook' });
    await rita.click();
    const details = page.getByRole('dialog', { name: 'Appointment' });
    await details.getByRole('button', { name: 'Move to another time' }).click();
    await details.getByTestId('slot').nth(3).click();
    await expect(details.getByTestId('move-confirm')).toContainText('Move Rita Rebook from');
    await details.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(details).toBeHidden();
    await expect(page.getByTestId('feedback')).toContainText('Moved Rita Rebook to');
    await expect(rita).toHaveAttribute('data-status', 'confirmed');

    // Cancel it: a reason is required (typed here; the usual ones are one click).
    await rita.click();
    await details.getByRole('button', { name: 'Cancel appointment' }).click();
    const confirm = details.getByRole('button', { name: 'Cancel appointment' });
    await expect(confirm).toBeDisabled();
    await details.getByLabel(/^Reason for cancelling/).fill('Patient is unwell');
    await confirm.click();
    await expect(details).toBeHidden();
    await expect(page.getByTestId('feedback')).toContainText('Cancelled Rita Rebook’s visit');
    await expect(rita).toHaveAttribute('data-status', 'cancelled');
    await expect(rita).toContainText('Cancelled');
    await rita.click();
    await expect(details.getByText('Patient is unwell', { exact: true })).toBeVisible();
    await details.getByRole('button', { name: 'Close' }).first().click();
  });

  test('books a weekly series: the preview names the week already taken, and the rest are booked', async ({
    page,
  }, testInfo) => {
    // Weeks away from the other specs' days: a working day three weeks on.
    let n = 21;
    while (isoWeekday(clinicDay(n)) > 5) n++;
    await page.goto(`/app/clinics/demo/secretary/calendar?date=${clinicDay(n)}`);
    await page.getByTestId('calendar-service').click();
    await page.getByRole('option', { name: 'Follow-up visit' }).click();
    const slot = page.getByTestId('free-slot').last();
    const startsAt = (await slot.getAttribute('data-start'))!;
    // The second week's visit is taken already, by another desk.
    const nextWeek = sameLocalTimeAWeekLater(startsAt, 'America/New_York');
    expect(await bookThroughApi(page, nextWeek, 'Wes Weekly', '+15555550133')).toBe(201);

    await slot.click();
    const dialog = page.getByRole('dialog', { name: 'New appointment' });
    await dialog.getByLabel('Find the patient').fill('Pat');
    await dialog.getByRole('radio', { name: /Pat Patient/ }).check();
    await dialog.getByTestId('series-repeat').click();
    await page.getByRole('option', { name: 'Every week' }).click();
    await dialog.getByLabel('Visits in all').fill('3');
    const preview = dialog.getByTestId('series-preview');
    await expect(preview).toContainText('Free at the same time: 2 of the visits.');
    await expect(preview).toContainText('Already taken, so not booked (1)');
    await expectAccessible(page, 'booking a series');
    await snap(page, testInfo, 'booking-series-preview');
    await dialog.getByRole('button', { name: 'Book 3 visits' }).click();
    const result = dialog.getByTestId('series-result');
    await expect(result).toContainText('Booked: 2 visits.');
    await expect(result.getByRole('listitem')).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect(dialog).toBeHidden();
  });

  test('a time taken by someone else meanwhile is said in plain words, and the free times refresh', async ({
    page,
  }) => {
    await page.goto(`/app/clinics/demo/secretary/calendar?date=${DAY}`);
    await page.getByTestId('calendar-service').click();
    await page.getByRole('option', { name: 'Follow-up visit' }).click();
    const slot = page.getByTestId('free-slot').last();
    const startsAt = (await slot.getAttribute('data-start'))!;
    await slot.click();
    const dialog = page.getByRole('dialog', { name: 'New appointment' });
    await dialog.getByText('New patient').click();
    await dialog.getByLabel(/^Full name/).fill('Tess Taken');
    await dialog.getByLabel(/^Mobile number/).fill('+15555550188');

    // Another desk books the same time first, through the API.
    expect(await bookThroughApi(page, startsAt, 'Other Desk', '+15555550199')).toBe(201);

    await dialog.getByRole('button', { name: 'Book appointment' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(/Someone has just booked that time/);
    await expect(dialog.getByTestId('slot-picker')).toBeVisible();
    await expect(dialog.locator(`[data-testid="slot"][data-start="${startsAt}"]`)).toHaveCount(0);
    await page.keyboard.press('Escape');
  });

  test('the work-hours editor lists the visits new hours would leave out, and saves nothing until asked', async ({
    page,
  }) => {
    // A visit of its own on the booking day, at its first free time.
    const { clinicId, serviceId } = await demoIds(page);
    const free = (await (
      await page.request.get(`/api/v1/clinics/${clinicId}/services/${serviceId}/slots?from=${DAY}&to=${DAY}`)
    ).json()) as { slots: Array<{ start: string }> };
    expect(await bookThroughApi(page, free.slots[0]!.start, 'Hana Hours', '+15555550166')).toBe(201);

    await page.goto('/app/clinics/demo/secretary/hours');
    const day = page.getByTestId(`weekday-${isoWeekday(DAY)}`);
    // Drop every interval on the booking day: the visit booked there would be left outside.
    const remove = day.getByRole('button', { name: /^Remove/ });
    await expect(remove.first()).toBeVisible();
    while ((await remove.count()) > 0) await remove.first().click();
    await page.getByTestId('save-hours').click();
    const orphans = page.getByTestId('orphans');
    await expect(orphans).toContainText('Hana Hours');
    await expect(orphans).toContainText('Nothing is saved yet');
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await page.getByRole('button', { name: 'Undo changes' }).click();
    await expect(remove.first()).toBeVisible();
    await expect(page.getByTestId('save-hours')).toBeDisabled();
  });

  // The demo seeds visits today and tomorrow; tomorrow is wholly ahead, so it has free times too.
  const demoDay = `/app/clinics/demo/secretary/calendar?date=${clinicDay(1)}`;

  test('the calendar (day, week), the booking and the appointment windows are accessible and fit', async ({
    page,
  }, testInfo) => {
    test.setTimeout(150_000);
    await checkViews(page, testInfo, [
      {
        name: 'calendar-day',
        url: demoDay,
        show: async (p) => {
          await p.getByTestId('calendar-service').click();
          // Arabic readers get the service's Arabic name.
          await p.getByRole('option', { name: /^(Follow-up visit|زيارة متابعة)$/ }).click();
          await expect(p.getByTestId('free-slot').first()).toBeVisible();
        },
      },
      {
        name: 'appointment',
        url: demoDay,
        show: async (p) => {
          await p.getByTestId('appointment').first().click();
          await expect(p.getByRole('dialog')).toBeVisible();
        },
      },
      {
        name: 'booking',
        url: demoDay,
        show: async (p) => {
          await p.getByTestId('book-button').click();
          await p.getByRole('dialog').getByTestId('book-service').click();
          await p.getByRole('option', { name: /General consultation|استشارة عامة/ }).click();
          await expect(p.getByTestId('recommended-slot').first()).toBeVisible();
        },
      },
      {
        name: 'calendar-week',
        url: `${demoDay}&view=week`,
        show: async (p) => {
          await expect(p.getByTestId('appointment').first()).toBeVisible();
        },
      },
    ]);
  });

  test('the work-hours editor is accessible and fits', async ({ page }, testInfo) => {
    await checkScreen(page, testInfo, 'hours', '/app/clinics/demo/secretary/hours', async (p) => {
      await expect(p.getByTestId('weekday-1')).toBeVisible();
    });
  });
});

test.describe('owner', () => {
  test.use({ storageState: stateFile('owner') });

  test('adds a service priced as money (sent in cents); set-up is accessible and fits', async ({
    page,
  }, testInfo) => {
    await page.goto('/app/clinics/demo/owner/setup');
    await page.getByRole('button', { name: 'Add a service' }).click();
    const form = page.getByRole('dialog', { name: 'Add a service' });
    await form.getByLabel(/^Service/).fill('Vaccination');
    await form.getByLabel('Length (minutes)').fill('20');
    await form.getByLabel('Price (USD)').fill('25.5');
    await form.getByRole('button', { name: 'Save service' }).click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('service-row').filter({ hasText: 'Vaccination' })).toContainText('$25.50');

    // One doctor's own length and price for a service; empty fields go back to the service's.
    const card = page.getByTestId('doctor-card').filter({ hasText: 'Dr. Daniel Reed' });
    await card.getByRole('button', { name: 'Change for this doctor: General consultation' }).click();
    const own = card.getByTestId('offer-form');
    await own.getByLabel('Minutes').fill('45');
    await own.getByLabel('Price (USD)').fill('90');
    await own.getByRole('button', { name: 'Save for this doctor' }).click();
    await expect(card.getByText('Own length or price: 45 min · $90.00')).toBeVisible();
    await card.getByRole('button', { name: 'Change for this doctor: General consultation' }).click();
    await own.getByLabel('Minutes').fill('');
    await own.getByLabel('Price (USD)').fill('');
    await own.getByRole('button', { name: 'Save for this doctor' }).click();
    await expect(card.getByText('Own length or price')).toHaveCount(0);

    await checkScreen(page, testInfo, 'setup', '/app/clinics/demo/owner/setup', async (p) => {
      await expect(p.getByTestId('service-row').first()).toContainText(/\$|دولار/);
    });
  });
});

test.describe('doctor', () => {
  test.use({ storageState: stateFile('doctor') });

  test('sees and works their agenda on a phone', async ({ page }, testInfo) => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto('/app/clinics/demo/doctor/agenda');
    await expect(page.getByRole('heading', { level: 1, name: 'My agenda' })).toBeVisible();
    const items = page.getByTestId('agenda-item');
    await expect(items.first()).toBeVisible();
    await page.getByText('Next 7 days').click();
    const pat = items
      .filter({ hasText: 'Pat Patient' })
      .filter({ has: page.getByRole('button', { name: 'Check in' }) });
    const target = pat.last();
    await target.getByRole('button', { name: 'Check in' }).click();
    await expect(page.getByTestId('agenda-item').filter({ hasText: 'Arrived' }).first()).toBeVisible();
    await checkScreen(page, testInfo, 'agenda', '/app/clinics/demo/doctor/agenda', async (p) => {
      await expect(p.getByTestId('agenda-item').first()).toBeVisible();
    });
  });

  test('gets a private calendar link, replaces it (the old one stops) and turns it off', async ({
    page,
  }, testInfo) => {
    await page.goto('/app/clinics/demo/doctor/agenda');
    const feed = page.getByTestId('calendar-feed');
    await feed.getByRole('button', { name: 'Get a calendar link' }).click();
    const first = await feed.getByTestId('feed-url').inputValue();
    expect(first).toMatch(/^http.*\.ics$/);
    await expectAccessible(page, 'agenda with a calendar link shown');
    await feed.scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'agenda-calendar-link');
    const ics = await page.request.get(first);
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');

    await feed.getByRole('button', { name: 'Replace the link' }).click();
    await expect(feed.getByTestId('feed-url')).not.toHaveValue(first);
    const second = await feed.getByTestId('feed-url').inputValue();
    expect((await page.request.get(first)).status()).toBe(404);
    expect((await page.request.get(second)).status()).toBe(200);

    await feed.getByRole('button', { name: 'Turn the link off' }).click();
    await expect(feed.getByTestId('feed-url')).toBeHidden();
    await expect(feed.getByRole('button', { name: 'Get a calendar link' })).toBeVisible();
    expect((await page.request.get(second)).status()).toBe(404);
    // Reloaded later, an active link says since when, never the link itself.
    await feed.getByRole('button', { name: 'Get a calendar link' }).click();
    await page.reload();
    await expect(feed.getByTestId('feed-status')).toContainText('Your calendar link is on');
    await expect(feed.getByTestId('feed-url')).toBeHidden();
    await feed.getByRole('button', { name: 'Turn the link off' }).click();
    await expect(feed.getByRole('button', { name: 'Get a calendar link' })).toBeVisible();
  });
});

test.describe('patient', () => {
  test.use({ storageState: stateFile('patient') });

  test('sees their next visit on the home screen and their visits list', async ({ page }, testInfo) => {
    await page.goto('/app/clinics/demo/patient');
    await expect(page.getByTestId('card-next-visit').getByTestId('my-visit')).toBeVisible();
    await checkScreen(page, testInfo, 'visits', '/app/clinics/demo/patient/visits', async (p) => {
      await expect(p.getByTestId('my-visit').first()).toBeVisible();
    });
  });
});
