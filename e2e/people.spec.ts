import { expect, test } from '@playwright/test';
import { expectAccessible, messageFromOutbox, resetLanguage, snap, stateFile } from './support';

// The screens behind the foundation's features: patients at the front desk, the owner's team
// and audit log, joining by invitation, and the platform admin's clinics.

test.describe('front desk', () => {
  test.use({ storageState: stateFile('secretary') });

  test('registers a patient by name and phone, finds them again and corrects the record', async ({
    page,
  }) => {
    const phone = `+1202555${String(Date.now()).slice(-4)}`;
    await page.goto('/app/clinics/demo/secretary');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Patients' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
    // The clinic's patients (other specs add theirs to the demo: any row will do).
    await expect(page.getByTestId('patients-table').getByRole('row').nth(1)).toBeVisible();

    await page.getByRole('button', { name: 'Register a patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a patient' });
    await dialog.getByLabel(/^Full name/).fill('Layla Haddad');
    await dialog.getByLabel(/^Mobile number/).fill(phone);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('notice')).toHaveText(/Layla Haddad is registered/);

    // The same phone twice is refused in plain words, and nothing typed is lost.
    await page.getByRole('button', { name: 'Register a patient' }).click();
    await dialog.getByLabel(/^Full name/).fill('Layla H.');
    await dialog.getByLabel(/^Mobile number/).fill(phone);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(/already registered here/);
    await expect(dialog.getByLabel(/^Full name/)).toHaveValue('Layla H.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByLabel('Search by name or phone').fill(phone.slice(-7));
    await expect(page.getByTestId('patients-table').getByRole('row')).toHaveCount(2); // header + Layla
    await page.getByRole('button', { name: 'Layla Haddad' }).click();
    const details = page.getByRole('dialog', { name: 'Patient details' });
    await details.getByLabel(/^Email/).fill('layla@example.test');
    await details.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('notice')).toHaveText('Saved.');
    await expect(page.getByTestId('patients-table')).toContainText('layla@example.test');
  });
});

test.describe('owner', () => {
  test.use({ storageState: stateFile('owner') });

  test('invites a doctor by email; the doctor joins from the link; the owner removes them again', async ({
    page,
    browser,
  }, testInfo) => {
    const email = `new.doctor.${Date.now()}@example.test`;
    await page.goto('/app/clinics/demo/owner/staff');
    await expect(page.getByTestId('staff-table')).toContainText('Sara Front-Desk');
    await page.getByRole('button', { name: 'Add a team member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a team member' });
    await dialog.getByLabel(/^Name/).fill('Dr. Nadia Karim');
    await dialog.getByLabel(/^Email/).fill(email);
    const sent = Date.now();
    // Always an invitation: no password to hand over, whoever the email belongs to.
    await expect(dialog.getByLabel(/password/i)).toHaveCount(0);
    await expect(dialog).toContainText('We email them a link');
    await expectAccessible(page, 'add staff dialog');
    await snap(page, testInfo, 'add-staff-desktop-en');
    await dialog.getByRole('button', { name: 'Add a team member' }).click();
    await expect(page.getByTestId('notice')).toHaveText(`We emailed ${email} an invitation link.`);
    const pending = page.getByRole('region', { name: 'Pending invitations' });
    await expect(pending).toContainText(email);
    // Until they accept, the owner sees the address only: no name, and they are not staff yet.
    await expect(pending).not.toContainText('Dr. Nadia Karim');
    await expect(page.getByTestId('staff-table')).not.toContainText(email);

    const mail = await messageFromOutbox('email', email, sent);
    // The token is in the fragment, which the browser never sends to a server.
    const link = mail.match(/https?:\/\/\S+\/app\/invite#\S+/)?.[0];
    expect(link, mail).toBeTruthy();
    const ctx = await browser.newContext();
    const doctor = await ctx.newPage();
    await doctor.goto(link!);
    await expect(doctor.getByRole('heading', { name: 'Join your clinic' })).toBeVisible();
    expect(doctor.url()).toMatch(/\/app\/invite$/); // and it is not left in the address bar or history
    await expectAccessible(doctor, 'joining page');
    await snap(doctor, testInfo, 'invite-desktop-en');
    await doctor.getByLabel(/^Choose a password/).fill('a long enough password');
    await doctor.getByLabel(/^Type the password again/).fill('a long enough password');
    await doctor.getByRole('button', { name: 'Join' }).click();
    await expect(doctor).toHaveURL(/\/app\/clinics\/demo\/doctor$/);
    await expect(doctor.getByRole('heading', { level: 1 })).toHaveText(/Dr\. Nadia Karim/);
    // The link works once.
    await doctor.goto(link!);
    await doctor.getByLabel(/^Choose a password/).fill('a long enough password');
    await doctor.getByLabel(/^Type the password again/).fill('a long enough password');
    await doctor.getByRole('button', { name: 'Join' }).click();
    await expect(doctor.getByRole('alert')).toHaveText(/expired or was already used/);

    await page.reload();
    const row = page.getByTestId('staff-table').getByRole('row', { name: /Dr\. Nadia Karim/ });
    await row.getByRole('button', { name: 'Remove' }).click();
    await page
      .getByRole('dialog', { name: 'Remove Dr. Nadia Karim?' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await expect(page.getByTestId('notice')).toHaveText('Dr. Nadia Karim no longer has access.');
    await expect(page.getByTestId('staff-table')).not.toContainText('Dr. Nadia Karim');
    // Their access ends at once: the panel is gone, and they are told why.
    await doctor.goto('/app/clinics/demo/doctor');
    await expect(doctor).toHaveURL(/\/app\/no-clinic$/);
    await expect(doctor.getByText('Your account is not part of a clinic yet')).toBeVisible();
    await ctx.close();
  });

  test('adds staff from a phone in Arabic: the invitation form fits and explains itself', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/app/clinics/demo/owner/staff');
    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByRole('button', { name: 'إضافة عضو إلى الفريق' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('نرسل إليه رابطًا بالبريد');
    await expectAccessible(page, 'add staff dialog, phone, Arabic');
    await snap(page, testInfo, 'add-staff-phone-ar');
    await resetLanguage(page);
  });

  test('reads the audit log, filters it, and checks the chain is intact', async ({ page }) => {
    await page.goto('/app/clinics/demo/owner/audit');
    const table = page.getByTestId('audit-table');
    // Newest first: other specs' entries fill the first page. Filter by what happened, chosen by
    // its words; each entry in words, with its code beside it.
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    await page.getByRole('combobox', { name: 'Show only' }).click();
    await page.getByRole('option', { name: 'Filled in the demo schedule' }).click();
    await expect(table).toContainText('Filled in the demo schedule');
    await page.reload();
    await page.getByRole('combobox', { name: 'Show only' }).click();
    await page.getByRole('option', { name: 'Created the clinic' }).click();
    await expect(table).not.toContainText('Filled in the demo schedule');
    await expect(table).toContainText('Created the clinic');
    await expect(table).toContainText('clinic.created');
    await expect(table).toContainText('Cliniclick'); // the system seeded the demo
    await page.getByRole('button', { name: 'Check the log is intact' }).click();
    await expect(page.getByTestId('audit-verdict')).toHaveText(/The log is intact: \d+ entries checked/);
  });
});

test.describe('platform admin', () => {
  test.use({ storageState: stateFile('admin') });

  test('adds a clinic, suspends it with a reason and reactivates it', async ({ page }, testInfo) => {
    const slug = `e2e-${Date.now()}`;
    await page.goto('/app/admin');
    await page.getByRole('button', { name: 'Add a clinic' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a clinic' });
    await dialog.getByLabel(/^Clinic name/).fill('Harbour Dental');
    await dialog.getByLabel(/^Web address/).fill(slug);
    await dialog.getByLabel(/^Owner’s name/).fill('Hana Harbour');
    await dialog.getByLabel(/^Owner’s email/).fill(`${slug}@example.test`);
    await expect(dialog.getByLabel('Time zone')).not.toHaveValue(''); // the default is shown, not blank
    await expectAccessible(page, 'add clinic dialog');
    await snap(page, testInfo, 'admin-add-clinic-desktop-en');
    await dialog.getByRole('button', { name: 'Add a clinic' }).click();
    await expect(page.getByTestId('notice')).toHaveText(/Harbour Dental is ready/);
    const row = page.getByTestId('clinics-table').getByRole('row', { name: /Harbour Dental/ });
    await expect(row).toContainText('Active');

    await row.getByRole('button', { name: 'Suspend' }).click();
    const confirm = page.getByRole('dialog', { name: 'Suspend Harbour Dental?' });
    await confirm.getByLabel(/^Reason/).fill('Unpaid invoice');
    await confirm.getByRole('button', { name: 'Suspend' }).click();
    await expect(row).toContainText('Suspended');
    await row.getByRole('button', { name: 'Reactivate' }).click();
    await page
      .getByRole('dialog', { name: 'Reactivate' })
      .getByRole('button', { name: 'Reactivate' })
      .click();
    await expect(row).toContainText('Active');
  });
});
