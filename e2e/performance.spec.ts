import { expect, type Page, type Response, test } from '@playwright/test';
import { PATIENT_PHONE, snap, stateFile } from './support';

/**
 * What a phone downloads (docs/PERFORMANCE.md): the sign-in page's JavaScript stays under its
 * budget, compressed; it fetches no panel's code; every asset arrives compressed and cacheable for
 * good; source maps are not public; the styles the sign-in page ships cover every Mantine element
 * it shows; a panel fetches its own pages' code only, under the strict CSP.
 * `npm run lighthouse` measures the scores these figures lead to.
 */

/** The issue's budget: the sign-in page's JavaScript, as transferred (brotli). */
const SIGN_IN_JS_BUDGET = 200 * 1024;

interface Fetched {
  url: string;
  type: string;
  encoding: string | undefined;
  bytes: number;
}

/** Every response of the page until `done` resolves and the network is quiet, with its body's size on the wire. */
async function recordWhile(page: Page, done: () => Promise<void>): Promise<Fetched[]> {
  const responses: Response[] = [];
  const listener = (r: Response) => responses.push(r);
  page.on('response', listener);
  await done();
  await page.waitForLoadState('networkidle');
  page.off('response', listener);
  return Promise.all(
    responses.map(async (r) => ({
      url: new URL(r.url()).pathname,
      type: r.request().resourceType(),
      encoding: (await r.allHeaders())['content-encoding'],
      bytes: (await r.request().sizes()).responseBodySize,
    })),
  );
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const chunkName = (url: string) => url.replace(/^\/app\/assets\//, '').replace(/-[\w-]{8}\.(js|css)$/, '');

test('the sign-in page fetches under 200 KB of JavaScript, compressed, and no panel code', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const fetched = await recordWhile(page, async () => {
    await page.goto('/app/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });
  const scripts = fetched.filter((f) => f.type === 'script');
  const assets = fetched.filter((f) => f.url.startsWith('/app/assets/'));
  const total = scripts.reduce((n, f) => n + f.bytes, 0);
  testInfo.annotations.push({
    type: 'sign-in JavaScript',
    description: `${kb(total)} in ${scripts.length} files: ${scripts.map((s) => `${chunkName(s.url)} ${kb(s.bytes)}`).join(', ')}`,
  });
  expect(scripts.length).toBeGreaterThan(0);
  expect(total, `sign-in JavaScript ${kb(total)}`).toBeLessThan(SIGN_IN_JS_BUDGET);
  // Every script and stylesheet came as the build's brotli copy (Chromium accepts br).
  expect(assets.filter((a) => a.encoding !== 'br').map((a) => a.url)).toEqual([]);
  // No page of any panel, nor the full set of styles: those come with a panel.
  const names = assets.map((a) => chunkName(a.url));
  for (const later of ['panels', 'HomeCards', 'CalendarPage', 'PatientsPage', 'SetupPage', 'AdminHome'])
    expect(names).not.toContain(later);
  await snap(page, testInfo, 'perf-sign-in-phone');
});

test('assets are precompressed and immutable, the page is not cached, and no source map is public', async ({
  request,
}) => {
  const shell = await request.get('/app/sign-in');
  expect(shell.headers()['cache-control']).toBe('no-cache');
  const html = await shell.text();
  const assets = [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  expect(assets.length).toBeGreaterThan(1);
  for (const url of assets) {
    const raw = await request.get(url, { headers: { 'accept-encoding': 'identity' } });
    const rawBody = await raw.body();
    for (const [accept, encoding] of [
      ['gzip', 'gzip'],
      ['br', 'br'],
      ['gzip, deflate, br', 'br'],
      ['identity', undefined],
    ] as const) {
      const res = await request.get(url, { headers: { 'accept-encoding': accept } });
      const h = res.headers();
      expect([url, accept, res.status(), h['content-encoding']]).toEqual([url, accept, 200, encoding]);
      expect(h.vary?.toLowerCase()).toContain('accept-encoding');
      expect(h['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(h['content-type']).toMatch(url.endsWith('.js') ? /javascript/ : /^text\/css/);
      if (encoding) expect(Number(h['content-length'])).toBeLessThan(rawBody.length);
      // Playwright decodes the body: the compressed copy is the same file.
      expect((await res.body()).equals(rawBody)).toBe(true);
    }
    const map = await request.get(`${url}.map`);
    expect([`${url}.map`, map.status()]).toEqual([`${url}.map`, 404]);
    // Nor does the file point anyone to a map.
    expect(rawBody.toString()).not.toContain('sourceMappingURL');
  }
});

/**
 * Mantine class names (`m_…`) on the page that no loaded stylesheet styles: the sign-in page ships
 * only its own components' styles (web/src/main.tsx), so a component added to it without its
 * styles would look broken here and nowhere else.
 */
async function unstyledClasses(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const styled = new Set<string>();
    const walk = (rules: CSSRuleList) => {
      for (const rule of Array.from(rules)) {
        if (rule instanceof CSSStyleRule)
          for (const m of rule.selectorText.matchAll(/\.(m_[0-9a-f]+)/g)) styled.add(m[1]!);
        if ('cssRules' in rule) walk((rule as CSSGroupingRule).cssRules);
      }
    };
    for (const sheet of Array.from(document.styleSheets)) walk(sheet.cssRules);
    const used = new Set<string>();
    for (const el of Array.from(document.querySelectorAll('[class]')))
      for (const c of Array.from(el.classList)) if (/^m_[0-9a-f]+$/.test(c)) used.add(c);
    return [...used].filter((c) => !styled.has(c));
  });
}

test('the styles the sign-in page ships cover everything it shows, in both languages', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const missing = new Set<string>();
  const collect = async () => {
    for (const c of await unstyledClasses(page)) missing.add(c);
  };
  await page.goto('/app/sign-in?ended=1');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await collect();
  // A field's error, under its input.
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel(/^Password/).fill('x');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await collect();
  await page.getByTestId('language-menu').click();
  await expect(page.getByRole('menuitem', { name: 'العربية' })).toBeVisible();
  await collect();
  await page.getByRole('menuitem', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await collect();
  await snap(page, testInfo, 'perf-sign-in-phone-ar');
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.getByRole('tab', { name: 'Patients' }).click();
  await page.getByLabel('Mobile number').fill(PATIENT_PHONE);
  await collect();
  await page.goto('/app/sign-in');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel(/^Password/).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await collect();
  expect([...missing]).toEqual([]);
});

test.describe('the patient panel', () => {
  test.use({ storageState: stateFile('patient') });

  test("fetches its own pages' code only, and the rest of the styles", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const fetched = await recordWhile(page, async () => {
      await page.goto('/app/clinics/demo/patient');
      await expect(page.getByTestId('card-next-visit')).toBeVisible();
    });
    const names = fetched.filter((f) => f.url.startsWith('/app/assets/')).map((f) => chunkName(f.url));
    // The shell, Mantine's other components and all their styles (panels-*.js, panels-*.css), the
    // home's cards.
    expect(names).toEqual(expect.arrayContaining(['panels', 'HomeCards']));
    expect(fetched.filter((f) => f.url.startsWith('/app/assets/panels-')).map((f) => f.type)).toEqual(
      expect.arrayContaining(['script', 'stylesheet']),
    );
    for (const staffOnly of [
      'CalendarPage',
      'PatientsPage',
      'SetupPage',
      'StaffPage',
      'AuditPage',
      'AdminHome',
    ])
      expect(names).not.toContain(staffOnly);
    const scripts = fetched.filter((f) => f.type === 'script');
    testInfo.annotations.push({
      type: 'patient home JavaScript',
      description: `${kb(scripts.reduce((n, f) => n + f.bytes, 0))} in ${scripts.length} files: ${scripts.map((s) => chunkName(s.url)).join(', ')}`,
    });
    // Its visits page arrives when opened.
    await page.goto('/app/clinics/demo/patient/visits');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await snap(page, testInfo, 'perf-patient-visits-phone');
  });
});
