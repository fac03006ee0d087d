import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share their worker's modules (no fresh import of the app, Fastify and PGlite's
    // WebAssembly per file): half the CPU of the run. Files keep no state in modules that another
    // file could see; a test that changes module state puts it back (crypto.test.ts).
    isolate: false,
    maxWorkers: 2,
  },
});
