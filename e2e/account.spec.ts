import { type APIRequestContext, expect, test } from '@playwright/test';
import { newDemoStaffMember } from './demo-api';
import { baseURL, expectAccessible, messageFromOutbox, settled, signInWithPassword, snap } from './support';

// The account's security: a forgotten password reset through the emailed link, a password
// change, and the list of one's sessions with "sign out everywhere else". A new staff member is
// used (added by the demo owner), so the demo's own logins stay as they are for the other specs.

const FIRST = 'granite orchard seventeen';
const RESET = 'lilac ferry at dawn';
const CHANGED = 'copper kite above the dunes';

// The member leaves the demo clinic again afterwards: other specs count its team.
let leave: ((request: APIRequestContext) => Promise<void>) | undefined;
test.afterAll(async ({ request }) => {
  await leave?.(request);
});

async function newStaffMember(request: APIRequestContext): Promise<string> {
  const member = await newDemoStaffMember(request, FIRST);
  leave = member.leave;
  return member.email;
}

test('forgot password → emailed link → new password → sign in; change password; sign out elsewhere', async ({
  page,
  browser,
  request,
}, testInfo) => {
  const email = await newStaffMember(request);
  // A second device signed in, to be signed out later.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto('/app/sign-in');
  await signInWithPassword(otherPage, email, FIRST);
  await expect(otherPage.getByTestId('user-menu')).toBeVisible();

  // Forgot password, from the sign-in page.
  await page.goto('/app/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  const asked = Date.now();
  await page.getByLabel(/^Email/).fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('a link is on its way');
  await snap(page, testInfo, 'account-forgot-sent');
  const mail = await messageFromOutbox('email', email, asked);
  const link = /https?:\/\/\S+\/app\/reset-password#token=[\w-]+/.exec(mail)?.[0];
  expect(link).toBeTruthy();

  // The link: a common password is refused in plain words under the field, then a good one.
  await page.goto(link!.replace(/^https?:\/\/[^/]+/, baseURL()));
  await expectAccessible(page, 'reset password');
  await page.getByLabel(/^New password(?! again)/).fill('password12');
  await page.getByLabel(/^New password again/).fill('password12');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('This password is one of the most common')).toBeVisible();
  await snap(page, testInfo, 'account-reset-refused');
  await page.getByLabel(/^New password(?! again)/).fill(RESET);
  await page.getByLabel(/^New password again/).fill(RESET);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('Your password is changed')).toBeVisible();
  expect(page.url()).not.toContain('token=');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await signInWithPassword(page, email, RESET);
  await expect(page.getByTestId('user-menu')).toBeVisible();

  // The reset signed the other device out.
  await otherPage.reload();
  await expect(otherPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signInWithPassword(otherPage, email, RESET);
  await expect(otherPage.getByTestId('user-menu')).toBeVisible();

  // Security page from the user menu: change the password.
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
  await page.getByLabel(/^Current password/).fill('not my password at all');
  await page.getByLabel(/^New password(?! again)/).fill(CHANGED);
  await page.getByLabel(/^New password again/).fill(CHANGED);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your current password is not right.')).toBeVisible();
  await page.getByLabel(/^Current password/).fill(RESET);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('notice').first()).toContainText('Password changed');
  await otherPage.reload();
  await expect(otherPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // Sessions: sign in elsewhere again, see it listed, sign out everywhere else.
  await signInWithPassword(otherPage, email, CHANGED);
  await expect(otherPage.getByTestId('user-menu')).toBeVisible();
  await page.reload();
  await settled(page);
  await expect(page.getByTestId('session')).toHaveCount(2);
  await expect(page.getByTestId('session').filter({ hasText: 'This device' })).toHaveCount(1);
  await expectAccessible(page, 'security page');
  await snap(page, testInfo, 'account-security');
  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(page.getByText('Signed out 1 other device.')).toBeVisible();
  await expect(page.getByTestId('session')).toHaveCount(1);
  await otherPage.reload();
  await expect(otherPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // On a phone, in Arabic.
  await page.setViewportSize({ width: 390, height: 844 });
  await page
    .getByRole('button', { name: 'Language' })
    .click()
    .catch(() => undefined);
  await page.evaluate(() => localStorage.setItem('cliniclick.locale', 'ar'));
  const csrf = (await page.context().cookies()).find((c) => c.name === 'cliniclick_csrf')?.value ?? '';
  await page.request.patch(`${baseURL()}/api/v1/me`, {
    data: { locale: 'ar' },
    headers: { 'x-csrf-token': csrf },
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'الأمان' })).toBeVisible();
  await settled(page);
  await snap(page, testInfo, 'account-security-phone-ar');
  await page.goto('/app/forgot-password');
  await expect(page.getByRole('heading', { name: 'هل نسيت كلمة المرور؟' })).toBeVisible();
  await snap(page, testInfo, 'account-forgot-phone-ar');
  await other.close();
});
