import { defineProject } from 'vitest/config';

// The web app's unit tests: pure formatting and date logic, so Node is enough (no DOM).
export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
