import { expect, test } from '@playwright/test';
import { otpFromOutbox, PATIENT_PHONE, PEOPLE, signInWithPassword, stateFile } from './support';

// Each demo role signs in through the real form and lands on its own panel. The signed-in
// browser state is kept for the specs, so they start signed in without signing in again.

const landings = {
  admin: { url: /\/app\/admin$/, heading: /Good (morning|afternoon|evening), Platform Admin/ },
  owner: { url: /\/app\/clinics\/demo\/owner$/, heading: /Olivia Owner/ },
  doctor: { url: /\/app\/clinics\/demo\/doctor$/, heading: /Dr\. Daniel Reed/ },
  secretary: { url: /\/app\/clinics\/demo\/secretary$/, heading: /Sara Front-Desk/ },
} as const;

for (const who of ['admin', 'owner', 'doctor', 'secretary'] as const) {
  test(`${who} signs in with email and password and lands on the ${who} panel`, async ({ page }) => {
    await page.goto('/app/');
    await expect(page).toHaveURL(/\/app\/sign-in/);
    await signInWithPassword(page, PEOPLE[who]);
    await expect(page).toHaveURL(landings[who].url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(landings[who].heading);
    await page.context().storageState({ path: stateFile(who) });
  });
}

test('a patient signs in with a code texted to their phone (read from the outbox)', async ({ page }) => {
  await page.goto('/app/sign-in');
  await page.getByRole('tab', { name: 'Patients' }).click();
  await page.getByLabel('Mobile number').fill(PATIENT_PHONE);
  const asked = Date.now();
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.getByText(`We sent a 6-digit code by SMS to ${PATIENT_PHONE}`)).toBeVisible();
  const code = await otpFromOutbox(PATIENT_PHONE, asked);
  await page.getByLabel(/^Code from the SMS/).fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/app\/clinics\/demo(-dubai)?\/patient$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Pat Patient/);
  await expect(page.getByTestId('card-next-visit')).toBeVisible();
  await page.context().storageState({ path: stateFile('patient') });
});

test('a wrong password is explained in plain words, in the chosen language', async ({ page }) => {
  await page.goto('/app/sign-in');
  await signInWithPassword(page, PEOPLE.secretary, 'not the password');
  await expect(page.getByRole('alert')).toHaveText(/That email and password do not match/);
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('alert')).toHaveText(/البريد الإلكتروني وكلمة المرور غير متطابقين/);
  await page.getByRole('menuitem', { name: 'English' }).or(page.getByTestId('language-menu')).first().click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
});
