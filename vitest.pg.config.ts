import { defineConfig } from 'vitest/config';

/**
 * The real-PostgreSQL suite (`npm run test:pg`): only `*.pg.test.ts` files. Each file starts its own
 * throwaway PostgreSQL 15 cluster (test/pg/postgres-server.ts), so files run one at a time and
 * timeouts allow for initdb and server start on a loaded machine. No PGlite template is needed.
 */
export default defineConfig({
  test: {
    include: ['**/*.pg.test.ts'],
    exclude: ['node_modules/**', '.data/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
