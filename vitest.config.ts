import { defineConfig } from 'vitest/config';

/** What every test file needs but pure unit tests: PostgreSQL, the Temporal binaries and dev server, the workflow bundle. */
const systemSetup = 'test/support/global-setup.ts';

export default defineConfig({
  test: {
    // Worker threads have crashed Temporal workers; separate processes are safe.
    pool: 'forks',
    // vitest's default is one fewer than the cores: a single file at a time on two cores, while many
    // files wait on PostgreSQL, Temporal and HTTP. Each worker loads the app's modules once, and the
    // run is bound by the two cores: on 2026-12-07 (fresh clone, quiet machine) `npm test` took
    // 312 s with 2 workers, 296 s and 311 s with 3, and 307 s with 4.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each kind of test pays only for the setup it needs when run alone.
    projects: [
      // Pure logic with no global state to leak: the files share a process per worker instead of
      // paying for one each (12 s of CPU against 5 s for the 23 files). The system and e2e files
      // share theirs too: each starts and stops what it uses, and a process loads the app once.
      { extends: true, test: { name: 'unit', isolate: false, include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'system',
          isolate: false,
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/e2e/**'],
          globalSetup: [systemSetup],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          isolate: false,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [systemSetup, 'test/support/chromium-setup.ts'],
        },
      },
    ],
  },
});
