import { expect, test } from '@playwright/test';
import { baseURL, expectAccessible, resetLanguage, setLanguage, snap, stateFile } from './support';

// The clinic's public website: read on a phone with JavaScript off, in English and Arabic; the
// owner edits the tagline, sees the preview change before saving, saves, and the site shows it.

const PHONE = { width: 390, height: 844 };

test.describe('public site without JavaScript', () => {
  test.use({ javaScriptEnabled: false, viewport: PHONE });

  test('a visitor reads the clinic, its hours, doctors and services with prices, in English and Arabic', async ({
    page,
  }, testInfo) => {
    const res = await page.goto('/c/demo');
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cliniclick Demo Clinic');
    await expect(page.locator('address')).toContainText('2150 Broadway');
    await expect(page.getByRole('link', { name: 'Open the map' })).toHaveAttribute(
      'href',
      /openstreetmap\.org/,
    );
    await expect(page.getByRole('link', { name: '+1 212 555 0100' })).toHaveAttribute(
      'href',
      'tel:+12125550100',
    );
    const hours = page.getByRole('table');
    await expect(hours.getByRole('row', { name: /Monday/ })).toContainText('9:00');
    await expect(hours.getByRole('row', { name: /Sunday/ })).toContainText('Closed');
    await expect(page.getByRole('heading', { name: 'Dr. Daniel Reed' })).toBeVisible();
    const consultation = page.locator('li.service', { hasText: 'General consultation' });
    await expect(consultation).toContainText('$60.00');
    await expect(consultation).toContainText('30 min');
    await expect(consultation.getByRole('link', { name: 'Book' })).toHaveAttribute(
      'href',
      /^\/c\/demo\/book\?service=/,
    );
    // Brand colour and logo arrive as files (the CSP allows no inline style).
    await expect(page.locator('header.site img.logo')).toBeVisible();
    expect(await page.locator('header.site').evaluate((h) => getComputedStyle(h).borderBottomColor)).toBe(
      'rgb(11, 114, 133)',
    );
    await snap(page, testInfo, 'site-home-phone-en');

    await page.getByRole('link', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: 'ساعات العمل' })).toBeVisible();
    await expect(page.locator('li.service', { hasText: 'استشارة عامة' })).toContainText('60.00');
    await expect(page.locator('li.doctor')).toContainText('طب عام');
    await expect(page.locator('body')).not.toContainText(/[٠-٩]/);
    await snap(page, testInfo, 'site-home-phone-ar');
  });
});

test.describe('public site, checked for accessibility', () => {
  test.use({ viewport: PHONE });
  test('has no accessibility violations in English or Arabic', async ({ page }) => {
    for (const url of ['/c/demo', '/c/demo?lang=ar']) {
      await page.goto(url);
      await expectAccessible(page, `the public site ${url}`);
    }
  });
});

test.describe('website editor', () => {
  test.use({ storageState: stateFile('owner'), viewport: PHONE });

  test('the owner changes the tagline: the preview shows it before saving, the site after', async ({
    page,
    browser,
  }, testInfo) => {
    await page.goto('/app/clinics/demo/owner/website');
    const tagline = page.getByTestId('tagline-en');
    await expect(tagline).toHaveValue(/Upper West Side/);
    const preview = page.frameLocator('[data-testid="site-preview"]');
    await expect(preview.locator('.tagline')).toContainText('Upper West Side');
    const words = `Now open on Saturdays ${Date.now() % 10_000}`;
    await tagline.fill(words);
    await expect(preview.locator('.tagline')).toHaveText(words);
    // Not saved yet: the public page still has the old words.
    const visitor = await browser.newPage({ javaScriptEnabled: false });
    await visitor.goto(`${baseURL()}/c/demo`);
    await expect(visitor.locator('.tagline')).not.toHaveText(words);
    await snap(page, testInfo, 'site-editor-phone-en');

    await page.getByTestId('site-save').click();
    await expect(page.getByText('Saved. Your site shows the changes now.')).toBeVisible();
    await visitor.reload();
    await expect(visitor.locator('.tagline')).toHaveText(words);
    await visitor.close();

    // The editor in Arabic, previewing the Arabic page.
    await setLanguage(page, 'ar');
    await page.goto('/app/clinics/demo/owner/website');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByTestId('preview-lang').getByText('العربية').click();
    await expect(preview.locator('html')).toHaveAttribute('dir', 'rtl');
    await snap(page, testInfo, 'site-editor-phone-ar');
    await resetLanguage(page);
  });
});
