import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';

export const PASSWORD = 'cliniclick-demo';
export const PEOPLE = {
  admin: 'admin@cliniclick.test',
  owner: 'owner@demo.cliniclick.test',
  doctor: 'doctor@demo.cliniclick.test',
  secretary: 'secretary@demo.cliniclick.test',
} as const;
export const PATIENT_PHONE = '+15555550100';
export type Person = keyof typeof PEOPLE | 'patient';

export const out = (...p: string[]) => path.join(process.env.E2E_OUT!, ...p);
export const stateFile = (who: Person) => out('state', `${who}.json`);
export const baseURL = () => process.env.E2E_BASE_URL!;

/** Signs in through the staff form, as a person would. */
export async function signInWithPassword(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The newest SMS or email to `to` since `after`, from the demo's outbox file (NOTIFY_TRANSPORT=outbox). */
export async function messageFromOutbox(
  channel: 'sms' | 'email',
  to: string,
  after: number,
  which: (body: string) => boolean = () => true,
): Promise<string> {
  const file = path.join(process.env.E2E_DATA_DIR!, 'outbox.jsonl');
  let body: string | undefined;
  await expect
    .poll(
      () => {
        let text = '';
        try {
          text = readFileSync(file, 'utf8');
        } catch {}
        body = text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { channel: string; to: string; body: string; createdAt: string })
          .filter(
            (m) =>
              m.channel === channel &&
              m.to === to &&
              Date.parse(m.createdAt) >= after - 1000 &&
              which(m.body),
          )
          .at(-1)?.body;
        return body;
      },
      { message: `an ${channel} to ${to} in ${file}`, timeout: 15_000 },
    )
    .toBeTruthy();
  return body!;
}

/** The last sign-in code texted to `phone`. */
export async function otpFromOutbox(phone: string, after: number): Promise<string> {
  // A code message, not a visit's confirmation or reminder queued around the same time.
  const sms = await messageFromOutbox('sms', phone, after, (b) => /\b\d{6}\b/.test(b) && !b.includes('http'));
  const code = sms.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code in "${sms}"`);
  return code;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/** Runs axe-core on the page; fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the devtools protocol: the app's CSP refuses an inline <script> tag.
  axeSource ??= readFileSync(axePath, 'utf8');
  // A menu just chosen from is still closing (its items already gone to axe, which flags the
  // menu): let it go. A menu a test left open on purpose costs a few seconds, then is checked.
  await page
    .waitForFunction(() => !document.querySelector('[role="menu"]'), null, { timeout: 3000 })
    .catch(() => {});
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } })
      .axe;
    type AxeResult = {
      violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
    };
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `accessibility of ${what}`).toEqual([]);
}

/** Saves a full-page screenshot into the report folder and attaches it to the test. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = out('screenshots', `${name}.png`);
  // A full page is shot from its top: scrolled (the calendar opens at now), a sticky header would
  // be drawn across the middle of the picture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** The session token the browser holds (HttpOnly, so only the test can read it). */
export async function sessionToken(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'cliniclick_session');
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

/** Saves the signed-in person's language on the server (the app opens in it on the next load). */
export async function setLanguage(page: Page, locale: 'en' | 'ar'): Promise<void> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'cliniclick_csrf')?.value;
  if (!csrf) return;
  await page.request.patch(`${baseURL()}/api/v1/me`, {
    data: { locale },
    headers: { 'x-csrf-token': csrf },
  });
}

/** Puts the signed-in person back in English on the server, whatever a failed test left behind. */
export const resetLanguage = (page: Page): Promise<void> => setLanguage(page, 'en');

/** Waits until the page has nothing left loading (no spinner, no "Loading…" text). */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
  await expect(page.getByText(/^(Loading…|جارٍ التحميل…)$/)).toHaveCount(0);
}
