import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { classifyTestFiles } from './test/shared-worker-files.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const include = ['**/*.test.ts', '**/*.test.tsx'];
const exclude = ['node_modules/**', '**/*.pg.test.ts', '**/*.browser.test.ts', '.data/**'];
// Files that never reach the database and change nothing process-wide share worker processes
// (test/shared-worker-files.ts says how they are told apart); the rest keep one process per file.
const { shared } = classifyTestFiles(root);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on CI's two cores that is one file at a
    // time while the second core idles. Files share nothing (each clones its own database, servers
    // take free ports), so two run at once there; larger machines keep the default. Measured in
    // docs/operations.md ("How long CI takes").
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test workers compile PGlite's WebAssembly with V8's baseline compiler only (core/db/
    // baseline-wasm-compiler.ts explains the flag). A test file is brief: the optimising compiler's
    // background recompilations of PostgreSQL's hot functions competed with the tests for the two
    // cores and rarely paid back. Six in-process database test files: 43.7 and 40.3 s of user CPU
    // → 32.0 and 29.7 s (A/B/A/B, load 20–26); the 900-event seed test pays about 7 % more
    // (docs/operations.md, "How long CI takes"). Processes the tests spawn are not affected.
    execArgv: ['--liftoff-only'],
    projects: [
      {
        extends: true,
        test: {
          name: 'isolated',
          include,
          exclude: [...exclude, ...shared],
          // One migrated PGlite template per run, cloned by every database test file.
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        extends: true,
        // A worker process runs file after file: Node's start and the product's imports are paid
        // once per worker instead of once per file (docs/operations.md, "How long CI takes").
        test: { name: 'shared', include: shared, exclude, isolate: false },
      },
    ],
  },
});
