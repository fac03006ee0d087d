import { expect, type Page, test } from '@playwright/test';
import { snap, stateFile } from './support';

/**
 * The web app runs under its strict Content Security Policy (no inline script or style; Mantine's
 * style elements carry the page's nonce): no page below reports a single violation, and the
 * theme those style elements carry is applied.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      ),
    );
  });
  return violations;
}

async function expectThemed(page: Page): Promise<void> {
  // Mantine's CSS variables come from a <style nonce> element; refused, they would be empty.
  const primary = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--mantine-primary-color-filled').trim(),
  );
  expect(primary).not.toBe('');
  expect(await page.locator('style[data-mantine-styles]').count()).toBeGreaterThan(0);
}

test('signed out: the sign-in and invitation pages work under the strict CSP', async ({ page }, testInfo) => {
  const violations = await watchCsp(page);
  const res = await page.goto('/app/sign-in');
  expect(res?.headers()['content-security-policy']).not.toContain('unsafe-inline');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectThemed(page);
  await page.goto('/app/invite#not-a-real-token');
  await expect(page.getByRole('heading', { name: 'Join your clinic' })).toBeVisible();
  expect(page.url()).toMatch(/\/app\/invite$/);
  await snap(page, testInfo, 'csp-invite');
  expect(violations).toEqual([]);
});

test.describe('signed in', () => {
  test.use({ storageState: stateFile('owner') });

  test('the owner panel, the team and Arabic (right-to-left) work under the strict CSP', async ({
    page,
  }, testInfo) => {
    const violations = await watchCsp(page);
    await page.goto('/app/clinics/demo/owner');
    await expect(page.getByTestId('team-count')).toHaveText('3');
    await expectThemed(page);
    await snap(page, testInfo, 'csp-owner');
    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await snap(page, testInfo, 'csp-owner-ar');
    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    expect(violations).toEqual([]);
  });
});

test('the API reference keeps its own looser policy and works', async ({ page }) => {
  const violations = await watchCsp(page);
  const res = await page.goto('/docs/');
  expect(res?.headers()['content-security-policy']).toContain("'unsafe-inline'");
  await expect(page.getByText('Cliniclick API').first()).toBeVisible();
  expect(violations).toEqual([]);
});
