import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { codeFor } from '../server/src/test/totp.ts';
import { apiSignIn, inviteAndAccept, newDemoStaffMember } from './demo-api';
import { baseURL, expectAccessible, PASSWORD, PEOPLE, settled, signInWithPassword, snap } from './support';

// Two-step sign-in (TOTP). The codes are computed here with node:crypto (RFC 6238), not with the
// server's library. Only NEW people enrol: the demo's logins sign in with a password alone in the
// other specs. The staff member added to the demo clinic leaves it afterwards (other specs count
// its team); the second test opens a clinic of its own.

const FIRST = 'granite orchard seventeen';
const STEP_MS = 30_000;

// Each test walks several sign-ins on a shared, two-core machine.
test.describe.configure({ timeout: 120_000 });

const cleanups: Array<(request: APIRequestContext) => Promise<void>> = [];
test.afterAll(async ({ request }) => {
  for (const c of cleanups) await c(request);
});

/** A new secretary of the demo clinic (by invitation), who leaves it when the spec ends. */
async function newStaffMember(request: APIRequestContext): Promise<string> {
  const { email, leave } = await newDemoStaffMember(request, FIRST);
  cleanups.push(leave);
  return email;
}

/** Sets up two-step sign-in on the card in view: the key from the page, a code computed here. */
async function setUpOnCard(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  await expect(page.getByTestId('mfa-qr')).toBeVisible();
  const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel(/^Code from the app/).fill(codeFor(secret, new Date()));
  await page.getByRole('button', { name: 'Turn on' }).click();
  const list = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(list).toHaveCount(10);
  return { secret, codes: await list.allTextContents() };
}

/** A code for the next time step: still accepted (±1 step) and never one already used. */
const nextCode = (secret: string) => codeFor(secret, new Date(Date.now() + STEP_MS));

async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

test('a new staff member sets up two-step sign-in, then signs in with a code or a recovery code', async ({
  page,
  request,
}, testInfo) => {
  const email = await newStaffMember(request);
  await page.goto('/app/sign-in');
  await signInWithPassword(page, email, FIRST);
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
  await expect(page.getByText('Off: your password alone signs you in.')).toBeVisible();

  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  await expect(page.getByTestId('mfa-qr')).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'two-step set-up');
  await snap(page, testInfo, 'mfa-enrol');
  const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s/g, '');
  const right = codeFor(secret, new Date());
  await page.getByLabel(/^Code from the app/).fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('That code is not right.')).toBeVisible();
  await page.getByLabel(/^Code from the app/).fill(codeFor(secret, new Date()));
  await page.getByRole('button', { name: 'Turn on' }).click();
  const list = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(list).toHaveCount(10);
  const codes = await list.allTextContents();
  for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await expectAccessible(page, 'recovery codes');
  await snap(page, testInfo, 'mfa-recovery-codes');
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByText(/^On since /)).toBeVisible();
  await expect(page.getByText('10 recovery codes left.')).toBeVisible();
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0); // shown once

  // Signing in now asks for a code after the password.
  await signOut(page);
  await signInWithPassword(page, email, FIRST);
  const code = page.getByLabel(/^Code/);
  await expect(code).toBeVisible();
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expectAccessible(page, 'sign-in code step');
  await snap(page, testInfo, 'mfa-sign-in-code');
  await code.fill(nextCode(secret) === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That code is not right.')).toBeVisible();
  // A recovery code instead, once.
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel(/^Recovery code/).fill(codes[0]!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();

  // And with the app's code.
  await signOut(page);
  await signInWithPassword(page, email, FIRST);
  await page.getByLabel(/^Code/).fill(nextCode(secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();

  // On a phone, in Arabic: the Security page, then the code step of a sign-in.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'العربية' }).click();
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'الأمان' }).click();
  await expect(page.getByRole('heading', { name: 'تسجيل الدخول بخطوتين' })).toBeVisible();
  await expect(page.getByText(/^بقيت (9|٩) رموز استرداد\.$/)).toBeVisible(); // the "few" form
  await settled(page);
  await snap(page, testInfo, 'mfa-security-phone-ar');
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'تسجيل الخروج' }).click();
  await page.getByLabel(/^البريد الإلكتروني/).fill(email);
  await page.getByLabel(/^كلمة المرور/).fill(FIRST);
  await page.getByRole('button', { name: 'دخول', exact: true }).click();
  await expect(page.getByLabel(/^الرمز/)).toBeVisible();
  await settled(page);
  await snap(page, testInfo, 'mfa-sign-in-code-phone-ar');
  await page.getByRole('button', { name: 'استخدام رمز استرداد بدلًا من ذلك' }).click();
  await snap(page, testInfo, 'mfa-sign-in-recovery-phone-ar');
  await page.evaluate(() => localStorage.setItem('cliniclick.locale', 'en'));
});

test('an owner requires it: a staff member without it is sent to set it up, then the clinic opens', async ({
  page,
  browser,
  request,
}, testInfo) => {
  // A clinic of this test's own, opened by the demo's platform admin (the demo lets the admin in
  // without a second factor), whose owner turns two-step sign-in on through the API.
  const admin = await apiSignIn(request, PEOPLE.admin, PASSWORD);
  const stamp = Date.now().toString(36);
  const ownerEmail = `olive.${stamp}@owner.example.test`;
  const opened = await request.post(`${baseURL()}/api/v1/admin/clinics`, {
    headers: admin,
    data: {
      slug: `mfa-${stamp}`,
      name: 'Quayside Clinic',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      locale: 'en',
      owner: { email: ownerEmail, name: 'Olive Owner', password: FIRST },
    },
  });
  expect(opened.status(), await opened.text()).toBe(201);
  const clinic = ((await opened.json()) as { clinic: { id: string; slug: string } }).clinic;
  const owner = await apiSignIn(request, ownerEmail, FIRST);
  const begin = await request.post(`${baseURL()}/api/v1/me/mfa/totp`, { headers: owner });
  const ownerSecret = ((await begin.json()) as { secret: string }).secret;
  const confirmed = await request.post(`${baseURL()}/api/v1/me/mfa/totp/confirm`, {
    headers: owner,
    data: { code: codeFor(ownerSecret, new Date()) },
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);

  // The owner signs in with a code and requires it of the staff on the Staff page.
  await page.goto('/app/sign-in');
  await signInWithPassword(page, ownerEmail, FIRST);
  await page.getByLabel(/^Code/).fill(nextCode(ownerSecret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.goto(`/app/clinics/${clinic.slug}/owner/staff`);
  const rule = page.getByRole('switch', { name: 'Require two-step sign-in' });
  await expect(rule).not.toBeChecked();
  await rule.click();
  await expect(rule).toBeChecked();
  await expect(page.getByText('Required: staff without it must set it up')).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'staff page with the two-step rule');
  await snap(page, testInfo, 'mfa-staff-rule');

  // A new secretary joins and signs in with a password only: sent to set it up first.
  const staffEmail = `samir.${stamp}@staff.example.test`;
  await inviteAndAccept(request, owner, clinic.id, staffEmail, FIRST);
  const other = await browser.newContext();
  const staff = await other.newPage();
  await staff.goto('/app/sign-in');
  await signInWithPassword(staff, staffEmail, FIRST);
  await expect(staff.getByRole('heading', { name: 'Set up two-step sign-in to continue' })).toBeVisible();
  expect(new URL(staff.url()).pathname).toBe('/app/account/two-step');
  await settled(staff);
  // The pointer still rests where "Sign in" was, over this page's button: a hovered button is
  // a shade lighter, which axe would measure instead.
  await staff.mouse.move(0, 0);
  await expectAccessible(staff, 'two-step required');
  await snap(staff, testInfo, 'mfa-required');
  // The same page on a phone, in Arabic, and back.
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.getByTestId('language-menu').click();
  await staff.getByRole('menuitem', { name: 'العربية' }).click();
  await expect(staff.getByRole('heading', { name: 'أعدّ تسجيل الدخول بخطوتين للمتابعة' })).toBeVisible();
  await settled(staff);
  await snap(staff, testInfo, 'mfa-required-phone-ar');
  await staff.getByTestId('language-menu').click();
  await staff.getByRole('menuitem', { name: 'English' }).click();
  await staff.setViewportSize({ width: 1280, height: 720 });
  await setUpOnCard(staff);
  await staff.getByRole('button', { name: 'I have saved them' }).click();
  await staff.getByTestId('mfa-continue').click();
  await expect(staff.getByTestId('user-menu')).toBeVisible();
  await expect(staff.getByTestId('card-team').or(staff.getByRole('main'))).toBeVisible();
  expect(new URL(staff.url()).pathname).toContain(`/app/clinics/${clinic.slug}/secretary`);

  // On the owner's Staff page both now show two-step sign-in on.
  await page.reload();
  await expect(page.getByTestId('staff-table').getByText('On', { exact: true })).toHaveCount(2);

  await other.close();
});
