/**
 * WebAssembly in a brief process: V8 compiles each function first with its baseline compiler
 * (Liftoff) and then, for functions that run hot, again with its optimising compiler (TurboFan) on
 * background threads. PostgreSQL's start and first statements in PGlite make hundreds of functions hot:
 * a cold `copilot search` spent about 1.5 s of CPU in those background compilations (half the process's
 * CPU; per-thread CPU in docs/benchmarks.md, session 9), competing with the start itself for the
 * machine's cores, and exited before the optimised code paid back. Baseline code is slower per
 * statement, which only a process running many statements notices.
 *
 * V8's flags are the process's, so only a process that is brief as a whole may turn the second
 * compiler off (a CLI command that reads a little and exits) — never the server, a batch import or a
 * test runner. It must happen before the embedded database compiles its module: flags are read when a
 * module is compiled, and setting them later changes nothing already compiled.
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

/** Compiles every WebAssembly module this process loads from now on with the baseline compiler only. */
export function useBaselineWasmCompiler(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--liftoff-only');
}
