import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const baseline = vi.hoisted(() => ({ used: 0 }));
const opened = vi.hoisted(() => ({ options: [] as unknown[] }));
vi.mock('../core/db/baseline-wasm-compiler.ts', () => ({ useBaselineWasmCompiler: () => baseline.used++ }));
vi.mock('../core/db/open.ts', () => ({
  openDatabase: async (_config: unknown, options: unknown) => {
    opened.options.push(options);
    return { close: async () => {} };
  },
  migrateAll: async () => ({ applied: [], alreadyApplied: 0 }),
}));

const { withRuntime } = await import('./runtime.ts');
const { markStandalone } = await import('./standalone-process.ts');

describe('withRuntime', () => {
  const previousUrl = process.env.DATABASE_URL;
  beforeEach(() => {
    baseline.used = 0;
    opened.options = [];
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
  });

  it('changes no process-wide setting for a brief command run inside another process (a test)', async () => {
    await withRuntime(async () => 'done', { brief: true });
    expect(baseline.used).toBe(0);
    expect(opened.options).toEqual([{ sharedMemory: 'command' }]);
  });

  it('compiles WebAssembly with the baseline compiler for a brief command that is the whole process', async () => {
    markStandalone();
    await withRuntime(async () => 'done', { brief: true });
    expect(baseline.used).toBe(1);
    await withRuntime(async () => 'done');
    expect(baseline.used).toBe(1);
    expect(opened.options).toEqual([{ sharedMemory: 'command' }, {}]);
  });

  it('leaves the compiler alone on a PostgreSQL server (no WebAssembly database)', async () => {
    markStandalone();
    process.env.DATABASE_URL = 'postgres://copilot@127.0.0.1:1/copilot';
    await withRuntime(async () => 'done', { brief: true });
    expect(baseline.used).toBe(0);
  });
});
