import { addDays, instantAt, isoWeekday, todayIn } from '@cliniclick/time';
import { expect, type Locator, type Page, type TestInfo, test } from '@playwright/test';
import { Actions } from './actions';
import { bookThroughApi, demoIds } from './demo-api';
import { expectAccessible, out, resetLanguage, setLanguage, stateFile } from './support';

// The front desk's five everyday tasks, each counted in actions (clicks, keys, fields filled) from
// the calendar, on a desktop and a phone, in English and Arabic. The limits are what the screens
// need today; the targets (in brackets) are the most they may ever need. A change that
// adds a step fails here.
const LIMITS = {
  bookKnownCaller: 3, // [5; 4 is the goal]: empty time, the name, Enter
  bookNewCallerEarliest: 5, // [8]: earliest free time, the name, "add as new", the phone, Enter
  move: 3, // [3]: the visit, a suggested time, "Move"
  cancelWithReason: 3, // [3]: the visit, "Cancel", a reason
  checkIn: 2, // [2]: the visit, "Check in"
} as const;

const ZONE = 'America/New_York';
const VIEWPORTS = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
/** Where in an empty-time layer `hour:minute` is: the layer says where it starts and how tall an hour is. */
async function yAt(layer: Locator, hour: number, minute: number): Promise<number> {
  const [startMin, hourPx] = await Promise.all([
    layer.getAttribute('data-start-min'),
    layer.getAttribute('data-hour-px'),
  ]);
  return (hour * 60 + minute - Number(startMin)) * (Number(hourPx) / 60) + 6;
}

/** Working days (Mon–Fri) from nine days ahead: each device × language gets its own. */
function workingDays(): string[] {
  const days: string[] = [];
  for (let n = 9; days.length < 4; n++) {
    const d = addDays(todayIn(ZONE), n);
    if (isoWeekday(d) <= 5) days.push(d);
  }
  return days;
}
const DAYS = workingDays();
const at = (day: string, hh: number, mm = 0) => instantAt(day, hh * 60 + mm, ZONE).toISOString();

const COMBOS = [
  ['desktop', 'en'],
  ['phone', 'en'],
  ['desktop', 'ar'],
  ['phone', 'ar'],
] as const;

for (const [i, [device, lang]] of COMBOS.entries()) {
  const day = DAYS[i]!;
  const en = lang === 'en';
  const calendar = `/app/clinics/demo/secretary/calendar?date=${day}`;
  const name = (who: string) => `${who} ${device} ${lang}`;
  const phone = (n: number) => `+1555556${i}${String(n).padStart(3, '0')}`;

  test.describe(`front desk in few actions, ${device}, ${lang}`, () => {
    test.use({ storageState: stateFile('secretary'), viewport: VIEWPORTS[device] });
    // Each task is a few seconds; a shared two-core machine can make it many more.
    test.describe.configure({ timeout: 120_000 });
    test.beforeEach(({ page }) => setLanguage(page, lang));
    test.afterEach(({ page }) => resetLanguage(page));

    /** The end state of a task: the words said, axe clean, a screenshot. */
    async function endState(page: Page, testInfo: TestInfo, task: string, words: RegExp) {
      const feedback = page.getByTestId('feedback');
      await expect(feedback.getByTestId('feedback-text')).toHaveText(words);
      // Pointed at, it stays (as for a person about to press Undo) while axe and the camera work.
      await feedback.getByTestId('feedback-text').hover();
      await expectAccessible(page, `${task} ${device} ${lang}`);
      // What the person sees (the page is scrolled to the visit): the viewport, not the full page.
      const file = out('screenshots', `frontdesk-${task}-${device}-${lang}.png`);
      await page.screenshot({ path: file });
      await testInfo.attach(task, { path: file, contentType: 'image/png' });
      return feedback;
    }

    async function openCalendar(page: Page) {
      await page.goto(calendar);
      // A shared two-core machine can be slow to boot the app: wait for the grid, then the language.
      await expect(page.getByTestId('calendar')).toBeVisible({ timeout: 30_000 });
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    }

    test('books a known caller from an empty time: prefilled, one match chosen, Enter books; Undo cancels', async ({
      page,
    }, testInfo) => {
      const { doctorId } = await demoIds(page);
      await openCalendar(page);
      const act = new Actions(page);
      const empty = page.getByTestId(`column-${doctorId}`).getByTestId('empty-time');
      await act.click(empty, 'an empty time', { position: { x: 30, y: await yAt(empty, 10, 30) } });
      const dialog = page.getByRole('dialog');
      // The doctor and the time from the click, the most booked service: the time shows at once.
      const chosen = dialog.getByTestId('chosen-slot');
      await expect(chosen).toBeVisible();
      if (en) await expect(chosen).toContainText('10:30 AM');
      // The most booked service (changeable), so the time is known without choosing one.
      await expect(dialog.getByTestId('book-service')).not.toHaveValue('');
      const search = dialog.getByTestId('patient-search');
      await expect(search).toBeFocused();
      await act.fill(search, 'Pat Patient', 'the caller’s name');
      await expect(dialog.getByRole('radio', { name: /Pat Patient/ })).toBeChecked();
      await act.press('Enter');
      await expect(dialog).toBeHidden({ timeout: 20_000 });
      act.expectAtMost(LIMITS.bookKnownCaller, 'book a known caller');

      const feedback = await endState(
        page,
        testInfo,
        'book-known',
        en ? /^Booked Pat Patient with Dr\. .+, \w{3}, \w{3} \d+, 10:30 AM\.$/ : /تم حجز .*Pat Patient/,
      );
      const visit = page.locator(`[data-testid="appointment"][data-status="confirmed"]`).filter({
        hasText: 'Pat Patient',
      });
      await expect(visit).toBeVisible();
      await expect(visit).toBeInViewport();
      // Undo: the booking is cancelled ("booked by mistake"), and said so.
      await feedback.getByRole('button', { name: en ? 'Undo' : 'تراجع' }).click();
      await expect(feedback.getByTestId('feedback-text')).toHaveText(
        en ? /^Undone: Pat Patient’s visit of .+ is cancelled\.$/ : /تم التراجع/,
      );
      await expect(
        page
          .locator('[data-testid="appointment"][data-status="cancelled"]')
          .filter({ hasText: 'Pat Patient' }),
      ).toBeVisible();
    });

    test('books a new caller at the earliest free time across doctors', async ({ page }, testInfo) => {
      await openCalendar(page);
      const act = new Actions(page);
      await act.click(page.getByTestId('earliest-button'), 'Earliest free time');
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByTestId('chosen-slot')).toBeVisible();
      const search = dialog.getByTestId('patient-search');
      await expect(search).toBeFocused();
      await act.fill(search, name('Nora'), 'the caller’s name');
      await act.click(dialog.getByTestId('add-typed'), 'Add as a new patient');
      const tel = dialog.locator('input[type="tel"]');
      await expect(tel).toBeFocused();
      await act.fill(tel, phone(1), 'the phone number');
      await act.press('Enter');
      await expect(dialog).toBeHidden({ timeout: 20_000 });
      act.expectAtMost(LIMITS.bookNewCallerEarliest, 'book a new caller at the earliest time');

      const feedback = await endState(page, testInfo, 'book-new-earliest', new RegExp(name('Nora')));
      // Taken back again, so the demo's today keeps its own visits only.
      await feedback.getByRole('button', { name: en ? 'Undo' : 'تراجع' }).click();
      await expect(feedback.getByTestId('feedback-text')).toHaveText(en ? /^Undone:/ : /تم التراجع/);
    });

    test('moves a visit to a suggested time after asking once (never to its own time); Undo moves it back', async ({
      page,
    }, testInfo) => {
      const was = at(day, 13);
      expect(await bookThroughApi(page, was, name('Mo'), phone(2))).toBe(201);
      await openCalendar(page);
      const act = new Actions(page);
      await act.click(page.getByTestId('appointment').filter({ hasText: name('Mo') }), 'the visit');
      const dialog = page.getByRole('dialog');
      const suggestions = dialog.getByTestId('move-suggestion');
      await expect(suggestions.first()).toBeVisible();
      const offered = await suggestions.evaluateAll((els) => els.map((e) => e.getAttribute('data-start')));
      expect(offered.map((s) => Date.parse(s ?? ''))).not.toContain(Date.parse(was));
      await act.click(suggestions.first(), 'a suggested time');
      await expect(dialog.getByTestId('move-confirm')).toContainText(name('Mo'));
      await act.click(dialog.getByTestId('move-yes'), 'Move');
      await expect(dialog).toBeHidden({ timeout: 20_000 });
      act.expectAtMost(LIMITS.move, 'move a visit');

      const feedback = await endState(
        page,
        testInfo,
        'move',
        en ? new RegExp(`^Moved ${name('Mo')} to .+ with Dr\\. .+\\.$`) : new RegExp(name('Mo')),
      );
      // The calendar has scrolled to where the visit is now.
      await expect(page.getByTestId('appointment').filter({ hasText: name('Mo') })).toBeInViewport();
      await feedback.getByRole('button', { name: en ? 'Undo' : 'تراجع' }).click();
      await expect(feedback).toContainText(en ? /is back at .*1:00 PM/ : /تم التراجع/);
    });

    test('the full move picker never offers the visit’s own time as free', async ({ page }) => {
      const was = at(day, 16);
      expect(await bookThroughApi(page, was, name('Otto'), phone(5))).toBe(201);
      await openCalendar(page);
      await page
        .getByTestId('appointment')
        .filter({ hasText: name('Otto') })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('move-button').click();
      await expect(dialog.getByTestId('slot').first()).toBeVisible();
      const starts = await dialog
        .getByTestId('slot')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-start')));
      expect(starts.map((s) => Date.parse(s ?? ''))).not.toContain(Date.parse(was));
      // A shift overlapping its own time (a quarter later) is offered: the visit frees it.
      expect(starts.map((s) => Date.parse(s ?? ''))).toContain(Date.parse(at(day, 16, 15)));
      await page.keyboard.press('Escape');
    });

    test('cancels with a reason in one click; Undo books the same time again', async ({ page }, testInfo) => {
      expect(await bookThroughApi(page, at(day, 14), name('Cy'), phone(3))).toBe(201);
      await openCalendar(page);
      const act = new Actions(page);
      const visit = page.getByTestId('appointment').filter({ hasText: name('Cy') });
      await act.click(visit, 'the visit');
      const dialog = page.getByRole('dialog');
      await act.click(dialog.getByTestId('cancel-button'), 'Cancel');
      await act.click(dialog.getByTestId('cancel-reason').first(), 'a reason');
      await expect(dialog).toBeHidden({ timeout: 20_000 });
      act.expectAtMost(LIMITS.cancelWithReason, 'cancel with a reason');

      const feedback = await endState(
        page,
        testInfo,
        'cancel',
        en ? new RegExp(`^Cancelled ${name('Cy')}’s visit of .+, 2:00 PM\\.$`) : new RegExp(name('Cy')),
      );
      await expect(visit).toHaveAttribute('data-status', 'cancelled');
      await feedback.getByRole('button', { name: en ? 'Undo' : 'تراجع' }).click();
      await expect(feedback).toContainText(en ? /is booked again for/ : /تم التراجع/);
      await expect(
        page.locator('[data-testid="appointment"][data-status="confirmed"]').filter({ hasText: name('Cy') }),
      ).toBeVisible();
    });

    test('checks a patient in, in two actions, and says so', async ({ page }, testInfo) => {
      expect(await bookThroughApi(page, at(day, 15), name('Chi'), phone(4))).toBe(201);
      await openCalendar(page);
      const act = new Actions(page);
      const visit = page.getByTestId('appointment').filter({ hasText: name('Chi') });
      await act.click(visit, 'the visit');
      await act.click(page.getByRole('dialog').getByTestId('action-checkIn'), 'Check in');
      await expect(page.getByRole('dialog')).toBeHidden({ timeout: 20_000 });
      act.expectAtMost(LIMITS.checkIn, 'check in');
      await endState(
        page,
        testInfo,
        'check-in',
        en ? new RegExp(`^${name('Chi')}, .+: now “Arrived”\\.$`) : /«/,
      );
      await expect(visit).toHaveAttribute('data-status', 'checked_in');
    });
  });
}

test.describe('the calendar opens where the day is', () => {
  test.use({ storageState: stateFile('secretary'), viewport: VIEWPORTS.desktop });

  test('opens scrolled to the first visit of a day ahead', async ({ page }) => {
    const day = DAYS[0]!;
    expect(await bookThroughApi(page, at(day, 16, 30), 'Late Larry', '+15555569901')).toBe(201);
    await page.goto(`/app/clinics/demo/secretary/calendar?date=${day}`);
    // The first visit of that day (13:00 or later from the tests above, or Larry) is in view.
    await expect(page.getByTestId('appointment').first()).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(() => window.scrollY), { message: 'the page scrolled down to the visits' })
      .toBeGreaterThan(0);
  });
});
