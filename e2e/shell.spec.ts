import { expect, type Page, test } from '@playwright/test';
import { baseURL, PEOPLE, resetLanguage, sessionToken, signInWithPassword, stateFile } from './support';

async function chooseLanguage(page: Page, label: 'English' | 'العربية') {
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: label }).click();
}

test.describe('owner of two clinics', () => {
  test.use({ storageState: stateFile('owner') });

  test('switching clinic from the header changes the data shown, and the URL keeps it on reload', async ({
    page,
  }) => {
    await page.goto('/app/clinics/demo/owner');
    const subtitle = page.locator('main h1 + p');
    await expect(subtitle).toContainText('Cliniclick Demo Clinic');
    await expect(page.getByTestId('team-count')).toHaveText('3'); // owner, doctor, secretary

    await page.getByTestId('place-switcher').click();
    await page.getByRole('menuitem', { name: 'Cliniclick Dubai Clinic · Owner' }).click();
    await expect(page).toHaveURL(/\/app\/clinics\/demo-dubai\/owner$/);
    await expect(subtitle).toContainText('Cliniclick Dubai Clinic');
    await expect(page.getByTestId('team-count')).toHaveText('2'); // owner, doctor

    await page.reload();
    await expect(subtitle).toContainText('Cliniclick Dubai Clinic');
    await expect(page.getByTestId('place-switcher')).toContainText('Cliniclick Dubai Clinic · Owner');
  });

  test('a clinic or role the user does not have is "not found", with a way home', async ({ page }) => {
    await page.goto('/app/clinics/demo/secretary');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to my home page' }).click();
    await expect(page).toHaveURL(/\/app\/clinics\/demo(-dubai)?\/owner$/);
  });
});

test.describe('doctor', () => {
  test.use({ storageState: stateFile('doctor') });
  test.afterEach(({ page }) => resetLanguage(page));

  test('the language switch flips the layout to right-to-left and is remembered for the user', async ({
    page,
    browser,
  }) => {
    await page.goto('/app/clinics/demo/doctor');
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    const width = page.viewportSize()!.width;
    expect((await nav.boundingBox())!.x).toBeLessThan(width / 2);

    await chooseLanguage(page, 'العربية');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/(صباح|مساء) الخير، Dr\. Daniel Reed/);
    const arNav = page.getByRole('navigation', { name: 'القائمة الرئيسية' });
    await expect(arNav).toBeVisible();
    // The menu moved to the right-hand side.
    await expect.poll(async () => (await arNav.boundingBox())!.x).toBeGreaterThan(width / 2);
    // Dates are Arabic too (Arabic month and day names, in the clinic's time zone).
    await expect(page.locator('main h1 + p')).toContainText(/[\u0600-\u06FF]/);

    // Another browser (no local memory of the choice) opens in Arabic: the choice is the user's.
    const other = await browser.newContext({ storageState: stateFile('doctor') });
    const page2 = await other.newPage();
    await page2.evaluate(() => localStorage.clear()).catch(() => undefined);
    await page2.goto(`${baseURL()}/app/clinics/demo/doctor`);
    await expect(page2.locator('html')).toHaveAttribute('dir', 'rtl');
    await other.close();

    await chooseLanguage(page, 'English');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Good (morning|afternoon|evening)/);
  });

  test('is usable from the keyboard: skip link, menus and visible focus', async ({ page }) => {
    await page.goto('/app/clinics/demo/doctor');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
    // The clinic switcher opens from the keyboard and lists both clinics.
    await page.getByTestId('place-switcher').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Cliniclick Dubai Clinic · Doctor' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('place-switcher')).toBeFocused();
    const outline = await page
      .getByTestId('place-switcher')
      .evaluate((el) => getComputedStyle(el).outlineStyle + getComputedStyle(el).outlineWidth);
    expect(outline).not.toMatch(/^none/);
  });
});

test('an ended session returns to sign-in, says why, and comes back to where the user was', async ({
  page,
  request,
}) => {
  // A shared link to a clinic panel: sign in first, then land on it.
  await page.goto('/app/clinics/demo-dubai/owner');
  await expect(page).toHaveURL(/\/app\/sign-in\?next=%2Fclinics%2Fdemo-dubai%2Fowner/);
  await signInWithPassword(page, PEOPLE.owner);
  await expect(page).toHaveURL(/\/app\/clinics\/demo-dubai\/owner$/);
  await expect(page.getByTestId('team-count')).toHaveText('2');

  // The session ends on the server (as when it expires or is revoked elsewhere)…
  const token = await sessionToken(page);
  const revoked = await request.post(`${baseURL()}/api/v1/auth/logout`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(revoked.status()).toBe(204);

  // …and the next thing the user does sends them to sign in, told why, with their place kept.
  await page.getByTestId('place-switcher').click();
  await page.getByRole('menuitem', { name: 'Cliniclick Demo Clinic · Owner' }).click();
  await expect(page).toHaveURL(/\/app\/sign-in\?next=%2Fclinics%2Fdemo%2Fowner&ended=1/);
  await expect(page.getByRole('status')).toHaveText(/Your session has ended/);
  await signInWithPassword(page, PEOPLE.owner);
  await expect(page).toHaveURL(/\/app\/clinics\/demo\/owner$/);
  await expect(page.getByTestId('team-count')).toHaveText('3');
});

test('signing out returns to sign-in, and the panel is closed to the back button', async ({ page }) => {
  await page.goto('/app/sign-in');
  await signInWithPassword(page, PEOPLE.secretary);
  await expect(page).toHaveURL(/\/app\/clinics\/demo\/secretary$/);
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/app\/sign-in\?out=1/);
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  await page.goto('/app/clinics/demo/secretary');
  await expect(page).toHaveURL(/\/app\/sign-in\?next=/);
});
