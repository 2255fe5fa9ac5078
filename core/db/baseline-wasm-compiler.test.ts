import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./baseline-wasm-compiler.ts', import.meta.url));

/**
 * A child process (V8's flags are per process) compiles a small WebAssembly function, runs it hot and
 * reports whether it is still baseline (Liftoff) code. V8's own %IsLiftoffFunction answers; it is
 * called through Function so no TypeScript tooling has to parse V8's native syntax.
 */
function stillBaselineAfterHotLoop(baseline: boolean, hotForMs: number): boolean {
  const script = `
    ${baseline ? `const { useBaselineWasmCompiler } = await import(${JSON.stringify(MODULE)}); useBaselineWasmCompiler();` : ''}
    // (func (export "f") (param i32) (result i32) (local i32): sums n, n-1, …, 1 in a loop
    const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,6,1,96,1,127,1,127,3,2,1,0,7,5,1,1,102,0,0,10,27,1,25,1,1,127,3,64,32,0,65,1,107,34,0,32,1,106,33,1,32,0,13,0,11,32,1,11]);
    const { instance } = await WebAssembly.instantiate(bytes);
    const f = instance.exports.f;
    const isLiftoff = new Function('f', 'return %IsLiftoffFunction(f)');
    // Compiled lazily: run it once, so what is asked about is compiled code.
    f(10);
    if (!isLiftoff(f)) throw new Error('the first compilation was not baseline code');
    // Tier-up happens on a background thread: keep the function hot until it is optimised or time is up.
    const until = Date.now() + ${hotForMs};
    while (isLiftoff(f) && Date.now() < until) {
      for (let i = 0; i < 200; i++) f(10_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    process.stdout.write(String(isLiftoff(f)));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim() === 'true';
}

describe('useBaselineWasmCompiler', () => {
  it('keeps hot WebAssembly functions on the baseline compiler', () => {
    // Without the baseline compiler the same loop is optimised within a few seconds (below) even on a loaded machine.
    expect(stillBaselineAfterHotLoop(true, 5_000)).toBe(true);
  });

  it('is needed: without it V8 optimises the same hot function', () => {
    expect(stillBaselineAfterHotLoop(false, 20_000)).toBe(false);
  });
});
