import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'time',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Property tests against the Temporal polyfill take seconds on a busy machine.
    testTimeout: 60_000,
  },
});
