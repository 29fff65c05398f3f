import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Worker threads have crashed Temporal workers; separate processes are safe.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
