import { defineConfig } from 'vitest/config';

/**
 * Browser end-to-end tests: a real server on a free port over a fresh PGlite database, driven by
 * playwright-core and Debian's Chromium (/usr/bin/chromium; never a downloaded browser).
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One Chromium at a time: the machines have two cores.
    fileParallelism: false,
  },
});
