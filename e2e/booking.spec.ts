import { type Browser, expect, type Page, test } from '@playwright/test';
import { otpFromOutbox, out, snap, stateFile } from './support';

// Online booking on the demo clinic's public pages, on a phone, with JavaScript off (the pages
// need none): a visitor books with the SMS code from the outbox; two visitors race for one time;
// a service needing approval is approved by the secretary in her inbox.
const PHONE = { width: 390, height: 844 } as const;
/** The demo's services as the pages name them in either language. */
const SERVICES = {
  'General consultation': 'General consultation|استشارة عامة',
  'Dental cleaning': 'Dental cleaning|تنظيف الأسنان',
} as const;
const newPhone = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

async function visitor(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  return context.newPage();
}

/** service → first available → the day `fromEnd` links before the last → the times list. */
async function toTimes(
  page: Page,
  service: keyof typeof SERVICES,
  fromEnd: number,
  lang = '',
): Promise<number> {
  let actions = 0;
  await page.goto(`/c/demo/book${lang}`);
  await page.getByRole('link', { name: new RegExp(SERVICES[service]) }).click();
  actions++;
  await page.locator('a.choice').first().click(); // first available doctor
  actions++;
  const days = page.locator('ul.days a.choice');
  await days.nth((await days.count()) - 1 - fromEnd).click();
  actions++;
  await expect(page.locator('button.slot').first()).toBeVisible();
  return actions;
}

async function detailsAndCode(page: Page, name: string): Promise<number> {
  const phone = newPhone();
  const since = Date.now();
  await page.getByLabel(/Full name|الاسم الكامل/).fill(name);
  await page.getByLabel(/Mobile number|رقم الجوال/).fill(phone);
  await page.getByRole('button', { name: /Send me a code|أرسل لي رمزًا/ }).click();
  const code = await otpFromOutbox(phone, since);
  await page.getByLabel(/^Code|^الرمز/).fill(code);
  await page.getByRole('button', { name: /Confirm booking|تأكيد الحجز/ }).click();
  return 5;
}

test('a visitor books on a phone without JavaScript, in few actions', async ({ browser }, testInfo) => {
  const page = await visitor(browser);
  let actions = await toTimes(page, 'General consultation', 0);
  await snap(page, testInfo, 'booking-times-phone-en');
  await page.locator('button.slot').first().click();
  actions++;
  await expect(page.getByText('Held for you until')).toBeVisible();
  await snap(page, testInfo, 'booking-details-phone-en');
  actions += await detailsAndCode(page, 'Nadia Visitor');
  await expect(page.getByRole('heading', { name: 'Your visit is booked' })).toBeVisible();
  await snap(page, testInfo, 'booking-done-phone-en');
  // service, doctor, day, time, name, phone, send, code, confirm
  expect(actions).toBeLessThanOrEqual(9);
  testInfo.annotations.push({ type: 'actions', description: `booking took ${actions} actions` });
});

test('two visitors race for one time: one holds it, the other is told to pick another', async ({
  browser,
}, testInfo) => {
  const [a, b] = [await visitor(browser), await visitor(browser)];
  await toTimes(a, 'General consultation', 1);
  await toTimes(b, 'General consultation', 1, '?lang=ar');
  const at = await a.locator('button.slot').first().textContent();
  await Promise.all([a.locator('button.slot').first().click(), b.locator('button.slot').first().click()]);
  const held = [a, b].map((p) => p.locator('p.held'));
  const taken = [a, b].map((p) => p.locator('p.notice[role="alert"]'));
  await expect.poll(async () => (await held[0]!.count()) + (await held[1]!.count())).toBe(1);
  expect((await taken[0]!.count()) + (await taken[1]!.count())).toBe(1);
  const loser = (await taken[1]!.count()) ? b : a;
  await snap(loser, testInfo, loser === b ? 'booking-taken-phone-ar' : 'booking-taken-phone-en');
  expect(at).toBeTruthy();
});

test('a service needing approval: request sent, the secretary approves it in her inbox', async ({
  browser,
}, testInfo) => {
  const page = await visitor(browser);
  await toTimes(page, 'Dental cleaning', 2, '?lang=ar');
  await page.locator('button.slot').first().click();
  await detailsAndCode(page, 'سارة أحمد');
  await expect(page.getByRole('heading', { name: 'أُرسل الطلب — ستؤكد العيادة الموعد' })).toBeVisible();
  await snap(page, testInfo, 'booking-requested-phone-ar');

  const staff = await browser.newContext({ viewport: PHONE, storageState: stateFile('secretary') });
  const inbox = await staff.newPage();
  await inbox.goto('/app/clinics/demo/secretary/approvals');
  const card = inbox.getByTestId('approval').filter({ hasText: 'سارة أحمد' });
  await expect(card).toBeVisible();
  await snap(inbox, testInfo, 'approvals-phone-en');
  await card.getByTestId('approve').click();
  await expect(card).toHaveCount(0);
  void out;
});
