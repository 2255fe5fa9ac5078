import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', '**/*.pg.test.ts', '**/*.browser.test.ts', '.data/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on CI's two cores that is one file at a
    // time while the second core idles. Files share nothing (each clones its own database, servers
    // take free ports), so two run at once there; larger machines keep the default. Measured in
    // docs/operations.md ("How long CI takes").
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
