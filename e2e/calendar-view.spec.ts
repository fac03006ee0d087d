import { addDays, dayFromIso, localToUtc, mondayOf, todayIn } from '@cliniclick/time';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectAccessible, snap, stateFile } from './support';

// A readable calendar: the week at 1366 px shows each visit's patient, service and status whole,
// closed days fold, a colour key names the colours, a day prints one sheet per doctor, and the
// clinic's slot grid decides which start times are suggested.

const ZONE = 'America/New_York';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const LANGUAGES = { en: 'English', ar: 'العربية' } as const;

/** A Monday weeks away from the other specs' days, so this spec's visits meet nobody else's. */
const MONDAY = mondayOf(addDays(todayIn(ZONE), 7 * 9));
const TUESDAY = addDays(MONDAY, 1);
const at = (day: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(localToUtc(ZONE, dayFromIso(day), (h ?? 0) * 60 + (m ?? 0))).toISOString();
};

/** Visits a real front desk books: long-ish names, both scripts, each length of service. */
const VISITS = [
  { day: MONDAY, time: '09:00', service: 'General consultation', name: 'Alexandra Montgomery' },
  { day: TUESDAY, time: '09:00', service: 'General consultation', name: 'Leila Haddad-Whitaker' },
  { day: TUESDAY, time: '10:00', service: 'Dental cleaning', name: 'Mohammed Al-Harbi' },
  { day: TUESDAY, time: '11:00', service: 'General consultation', name: 'عبد الرحمن القحطاني' },
  { day: TUESDAY, time: '11:45', service: 'Follow-up visit', name: 'Jane Doe' },
  { day: addDays(MONDAY, 3), time: '14:00', service: 'General consultation', name: 'Christopher Johnson' },
] as const;

async function chooseLanguage(page: Page, lang: keyof typeof LANGUAGES) {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: LANGUAGES[lang] }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
  // The menu has closed (a closing menu left in the page is an empty role=menu to axe).
  await expect(page.getByRole('menu')).toHaveCount(0);
}

/** The demo's services as each language shows them (the clinic gave Arabic names). */
const SERVICE = {
  en: { consultation: 'General consultation', cleaning: 'Dental cleaning' },
  ar: { consultation: 'استشارة عامة', cleaning: 'تنظيف الأسنان' },
} as const;

const csrfOf = async (page: Page) =>
  (await page.context().cookies()).find((c) => c.name === 'cliniclick_csrf')?.value ?? '';

async function demoClinic(page: Page) {
  const get = async <T>(path: string) => (await (await page.request.get(`/api/v1${path}`)).json()) as T;
  const me = await get<{ memberships: Array<{ clinicId: string; clinicSlug: string }> }>('/me');
  const clinicId = me.memberships.find((m) => m.clinicSlug === 'demo')!.clinicId;
  const services = await get<{ items: Array<{ id: string; name: string }> }>(`/clinics/${clinicId}/services`);
  const doctors = await get<{ items: Array<{ id: string; name: string }> }>(`/clinics/${clinicId}/doctors`);
  return { clinicId, services: services.items, doctors: doctors.items };
}

/**
 * Texts inside the visits that do not show whole: a line cut sideways (an ellipsis) or, in a
 * visit of 30 minutes or more, a line pushed out of the bottom of its block.
 */
async function cutTexts(grid: Locator): Promise<string[]> {
  return grid.locator('[data-testid="appointment"]').evaluateAll((blocks) => {
    const cut: string[] = [];
    for (const block of blocks as HTMLElement[]) {
      const box = block.getBoundingClientRect();
      const tall = box.height >= 40;
      for (const line of block.querySelectorAll<HTMLElement>(
        '[data-testid="appointment-patient"], [data-testid="appointment-service"], .mantine-Badge-label',
      )) {
        if (line.offsetParent === null) continue; // folded away until the visit unfolds
        const r = line.getBoundingClientRect();
        const sideways = line.scrollWidth > line.clientWidth + 1;
        const below = tall && r.bottom > box.bottom + 1;
        if (sideways || below) cut.push(line.textContent ?? '');
      }
    }
    return cut;
  });
}

test.afterEach(async ({ page }) => {
  const csrf = await csrfOf(page);
  if (csrf)
    await page.request.patch('/api/v1/me', { data: { locale: 'en' }, headers: { 'x-csrf-token': csrf } });
});

test.describe('a readable calendar', () => {
  test.use({ storageState: stateFile('secretary') });
  // Two languages, two devices and axe on each: more than the default minute on a shared machine.
  test.describe.configure({ timeout: 150_000 });

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ storageState: stateFile('secretary') });
    const page = await context.newPage();
    await page.goto('/app/');
    const { clinicId, services, doctors } = await demoClinic(page);
    const csrf = await csrfOf(page);
    for (const [i, v] of VISITS.entries()) {
      const res = await page.request.post(`/api/v1/clinics/${clinicId}/appointments`, {
        headers: { 'x-csrf-token': csrf },
        data: {
          serviceId: services.find((s) => s.name === v.service)!.id,
          doctorId: doctors[0]!.id,
          startsAt: at(v.day, v.time),
          patient: { fullName: v.name, phone: `+1555014${String(i).padStart(4, '0')}` },
        },
      });
      // 409 when a retry of this spec finds its visits already booked.
      expect([201, 409]).toContain(res.status());
    }
    await context.close();
  });

  test('the week at 1366 px and on a phone: names, services and states whole, closed days folded, a colour key', async ({
    page,
  }, testInfo) => {
    for (const lang of ['en', 'ar'] as const) {
      await page.setViewportSize(DESKTOP);
      await page.goto(`/app/clinics/demo/secretary/calendar?view=week&date=${TUESDAY}`);
      await chooseLanguage(page, lang);
      const grid = page.getByTestId('calendar');
      await expect(grid.getByTestId('appointment')).toHaveCount(VISITS.length);
      // Saturday and Sunday: nobody works, nothing booked — folded to strips.
      await expect(grid.getByTestId('closed-day')).toHaveCount(2);
      const saturday = await grid.getByTestId('closed-day').first().boundingBox();
      const monday = await grid.getByTestId(`column-${MONDAY}`).boundingBox();
      expect(saturday!.width).toBeLessThan(100);
      expect(monday!.width).toBeGreaterThan(170);
      // The colour key names the services on screen.
      const legend = page.getByTestId('calendar-legend');
      await expect(legend.getByTestId('legend-entry')).toHaveCount(3);
      await expect(legend).toContainText(SERVICE[lang].cleaning);
      expect(await cutTexts(grid), `${lang}: cut at 1366 px`).toEqual([]);
      await expect(grid.getByTestId('appointment').filter({ hasText: 'Alexandra Montgomery' })).toContainText(
        SERVICE[lang].consultation,
      );
      await expectAccessible(page, `calendar week ${lang}`);
      await snap(page, testInfo, `calendar-week-desktop-${lang}`);

      // Colour by status: the key turns to the states on screen.
      await page
        .getByTestId('calendar-color-by')
        .getByText(lang === 'en' ? 'Status' : 'الحالة')
        .click();
      await expect(legend.getByTestId('legend-entry')).toHaveCount(1);
      await expect(legend).toContainText(lang === 'en' ? 'Confirmed' : '');
      await expect(page).toHaveURL(/color=status/);
      await snap(page, testInfo, `calendar-week-by-status-desktop-${lang}`);

      await page.setViewportSize(PHONE);
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
        .toBeLessThanOrEqual(0);
      expect(await cutTexts(grid), `${lang}: cut on a phone`).toEqual([]);
      await expectAccessible(page, `calendar week phone ${lang}`);
      await snap(page, testInfo, `calendar-week-phone-${lang}`);
    }
  });

  test('the day view: a 30-minute visit shows its service line; a short one unfolds on focus', async ({
    page,
  }, testInfo) => {
    for (const lang of ['en', 'ar'] as const) {
      await page.setViewportSize(DESKTOP);
      await page.goto(`/app/clinics/demo/secretary/calendar?date=${TUESDAY}`);
      await chooseLanguage(page, lang);
      const grid = page.getByTestId('calendar');
      const thirty = grid.getByTestId('appointment').filter({ hasText: 'Leila Haddad-Whitaker' });
      await expect(thirty.getByTestId('appointment-service')).toBeVisible();
      await expect(thirty.getByTestId('appointment-service')).toHaveText(SERVICE[lang].consultation);
      expect(await cutTexts(grid)).toEqual([]);
      // Fifteen minutes hold one line: the service shows when the visit is focused.
      const fifteen = grid.getByTestId('appointment').filter({ hasText: 'Jane Doe' });
      await expect(fifteen.getByTestId('appointment-service')).toBeHidden();
      await fifteen.focus();
      await expect(fifteen.getByTestId('appointment-service')).toBeVisible();
      await snap(page, testInfo, `calendar-day-desktop-${lang}`);
      // Free times sit in the column at their times, never over a visit.
      await page.getByTestId('calendar-service').click();
      await page.getByRole('option', { name: SERVICE[lang].consultation }).click();
      await expect(grid.getByTestId('free-slot').first()).toBeVisible();
      const overlaps = await grid.evaluate((g) => {
        const boxes = (sel: string) => [...g.querySelectorAll(sel)].map((e) => e.getBoundingClientRect());
        const visits = boxes('[data-testid="appointment"]');
        return boxes('[data-testid="free-slot"]').filter((f) =>
          visits.some(
            (v) => f.top < v.bottom - 1 && v.top < f.bottom - 1 && f.left < v.right && v.left < f.right,
          ),
        ).length;
      });
      expect(overlaps).toBe(0);
      await expectAccessible(page, `calendar day with free times ${lang}`);
      await snap(page, testInfo, `calendar-day-free-desktop-${lang}`);
      await page.setViewportSize(PHONE);
      await expect(thirty.getByTestId('appointment-service')).toBeVisible();
      await snap(page, testInfo, `calendar-day-phone-${lang}`);
    }
  });

  test('prints the day: one sheet per doctor with the day’s visits, without the app around it', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`/app/clinics/demo/secretary/calendar?date=${TUESDAY}`);
    await page.getByTestId('print-day-button').click();
    await expect(page).toHaveURL(/view=print/);
    const { doctors } = await demoClinic(page);
    const sheets = page.getByTestId('print-sheet');
    await expect(sheets).toHaveCount(doctors.length);
    const first = sheets.filter({ hasText: doctors[0]!.name });
    await expect(first.getByTestId('print-visit')).toHaveCount(4);
    await expect(first.getByTestId('print-visit').first()).toContainText('Leila Haddad-Whitaker');
    await expect(first.getByTestId('print-visit').first()).toContainText('General consultation');
    await expect(page.getByTestId('print-now')).toBeVisible();
    await expectAccessible(page, 'print preview');
    await snap(page, testInfo, 'calendar-print-preview-desktop-en');

    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('#main-nav')).toBeHidden();
    await expect(page.getByTestId('print-now')).toBeHidden();
    const breaks = await sheets.evaluateAll((els) => els.map((e) => getComputedStyle(e).breakAfter));
    expect(breaks.slice(0, -1).every((b) => b === 'page')).toBe(true);
    await snap(page, testInfo, 'calendar-print-media-en');
    const pdf = await page.pdf({ format: 'A4' });
    // One page per doctor (a PDF names each page object "/Type /Page").
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(doctors.length);
    await page.emulateMedia({ media: 'screen' });

    await page.setViewportSize(PHONE);
    await chooseLanguage(page, 'ar');
    await expect(sheets).toHaveCount(doctors.length);
    await expectAccessible(page, 'print preview phone ar');
    await snap(page, testInfo, 'calendar-print-preview-phone-ar');
  });
});

test.describe('suggested start times', () => {
  test.use({ storageState: stateFile('owner') });

  test('the owner puts suggestions on the half hour; the calendar then offers only :00 and :30', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/app/clinics/demo/owner/setup');
    const panel = page.getByTestId('slot-grid');
    await expect(panel.getByTestId('slot-grid-min')).toHaveValue('15 minutes');
    await expect(panel.getByTestId('slot-off-grid')).not.toBeChecked();
    await panel.getByTestId('slot-grid-min').click();
    await page.getByRole('option', { name: '30 minutes' }).click();
    await panel.getByRole('button', { name: 'Save start times' }).click();
    await expect(page.getByTestId('notice')).toContainText('Saved');
    // The pointer leaves the button it clicked (a hovered button has its hover colour).
    await page.mouse.move(0, 0);
    await expectAccessible(page, 'slot grid settings');
    await snap(page, testInfo, 'setup-slot-grid-desktop-en');
    try {
      await page.goto(`/app/clinics/demo/owner/calendar?date=${addDays(MONDAY, 2)}`);
      await page.getByTestId('calendar-service').click();
      await page.getByRole('option', { name: 'Follow-up visit' }).click();
      const free = page.getByTestId('free-slot');
      await expect(free.first()).toBeVisible();
      const minutes = await free.evaluateAll((els) =>
        els.map((e) => new Date(e.getAttribute('data-start') ?? '').getUTCMinutes()),
      );
      expect(minutes.length).toBeGreaterThan(4);
      expect(minutes.every((m) => m === 0 || m === 30)).toBe(true);
    } finally {
      // Back to the demo's quarter hour, whatever happened above: the other specs expect it.
      const res = await page.request.get('/api/v1/me');
      const clinicId = (await res.json()).memberships.find(
        (m: { clinicSlug: string }) => m.clinicSlug === 'demo',
      ).clinicId as string;
      const put = await page.request.put(`/api/v1/clinics/${clinicId}/scheduling-settings`, {
        headers: { 'x-csrf-token': await csrfOf(page) },
        data: { slotGridMin: 15, offGridStarts: false },
      });
      expect(put.status()).toBe(200);
    }
  });
});
