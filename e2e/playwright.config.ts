import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the real server (embedded PGlite, demo seeded, in a fresh data directory)
 * and Debian's Chromium. `npm run e2e`. Screenshots of every panel go to E2E_OUT/screenshots.
 */
const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3999);
process.env.E2E_OUT ??= path.join(root, '.tmp/e2e');
process.env.E2E_DATA_DIR ??= path.join(process.env.E2E_OUT, 'data');
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
const out = process.env.E2E_OUT;
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: '.',
  outputDir: path.join(out, 'results'),
  // One worker: the specs share the demo's people (a language saved by one test is seen by the
  // next), and the machine has two cores, one of which the server needs.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: path.join(out, 'report.json') }]],
  globalTeardown: './teardown.ts',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'sign-in', testMatch: /sign-in\.setup\.ts/ },
    { name: 'app', testMatch: /\.spec\.ts/, dependencies: ['sign-in'] },
  ],
  webServer: {
    command: `node web/scripts/ensure-build.mjs && rm -rf "${dataDir}" && node --import tsx server/src/main.ts`,
    cwd: root,
    url: `${process.env.E2E_BASE_URL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLINICLICK_DEMO: '1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
      NOTIFY_TRANSPORT: 'outbox',
      PUBLIC_URL: process.env.E2E_BASE_URL,
    },
  },
});
