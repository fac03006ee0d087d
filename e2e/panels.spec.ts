import { expect, test } from '@playwright/test';
import { expectAccessible, type Person, resetLanguage, settled, snap, stateFile } from './support';

// Every panel, desktop and phone, English and Arabic: no serious or critical accessibility
// violation, and a screenshot for a person to look at.

const PANELS: Record<Person, string[]> = {
  admin: ['/app/admin'],
  owner: ['/app/clinics/demo/owner', '/app/clinics/demo/owner/staff', '/app/clinics/demo/owner/audit'],
  doctor: ['/app/clinics/demo/doctor', '/app/clinics/demo/doctor/patients'],
  secretary: ['/app/clinics/demo/secretary', '/app/clinics/demo/secretary/patients'],
  patient: ['/app/clinics/demo/patient'],
};

/** `owner`, `owner-staff`, … for screenshot names. */
const pageName = (url: string) => url.replace(/^\/app\/(clinics\/demo\/)?/, '').replaceAll('/', '-');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const LANGUAGES = { en: 'English', ar: 'العربية' } as const;

for (const [who, urls] of Object.entries(PANELS) as Array<[Person, string[]]>) {
  test.describe(`${who} panel`, () => {
    test.use({ storageState: stateFile(who) });
    test.afterEach(({ page }) => resetLanguage(page));

    test(`is accessible and fits desktop and phone in both languages (${who})`, async ({
      page,
    }, testInfo) => {
      // Up to a dozen screens, each checked by axe and photographed: more than one test's minute
      // on a busy machine.
      test.setTimeout(30_000 * urls.length + 30_000);
      for (const [lang, label] of Object.entries(LANGUAGES)) {
        for (const [device, size] of Object.entries(VIEWPORTS)) {
          for (const url of urls) {
            const name = pageName(url);
            await page.setViewportSize(size);
            await page.goto(url);
            await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
            if ((await page.locator('html').getAttribute('lang')) !== lang) {
              await page.getByTestId('language-menu').click();
              await page.getByRole('menuitem', { name: label }).click();
            }
            await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
            await settled(page);
            // Nothing wider than the screen: no sideways scrolling on a phone.
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth,
            );
            expect(overflow, `${name} ${device} ${lang} scrolls sideways`).toBeLessThanOrEqual(0);
            await expectAccessible(page, `${name} ${device} ${lang}`);
            await snap(page, testInfo, `${name}-${device}-${lang}`);
            if (device === 'phone' && url === urls[0]) {
              await page
                .getByRole('button', {
                  name: lang === 'ar' ? 'إظهار القائمة أو إخفاؤها' : 'Show or hide the menu',
                })
                .click();
              await expect(page.getByTestId('place-switcher')).toBeVisible();
              await expectAccessible(page, `${name} ${device} ${lang} menu open`);
              await snap(page, testInfo, `${name}-${device}-${lang}-menu`);
            }
          }
        }
      }
      // Leave the person in English for the next spec.
      await page.getByTestId('language-menu').click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    });
  });
}

test('the sign-in page is accessible in both languages, desktop and phone', async ({ page }, testInfo) => {
  for (const [lang, label] of Object.entries(LANGUAGES)) {
    for (const [device, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      await page.goto('/app/sign-in');
      if ((await page.locator('html').getAttribute('lang')) !== lang) {
        await page.getByTestId('language-menu').click();
        await page.getByRole('menuitem', { name: label }).click();
      }
      await expectAccessible(page, `sign-in ${device} ${lang}`);
      await snap(page, testInfo, `sign-in-${device}-${lang}`);
    }
  }
});
