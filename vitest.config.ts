import { defineConfig } from 'vitest/config';

// `npm test`: every workspace's tests in one run and one report. Each project keeps its own
// config (server/vitest.config.ts: forked workers and long timeouts for its database tests).
export default defineConfig({
  test: {
    projects: ['packages/*', 'server', 'web'],
    // The whole run shares two workers, as the server's tests always have.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
