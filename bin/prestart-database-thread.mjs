// A cold `copilot search` on the embedded database spends most of its time starting PGlite on its own
// thread: the thread's start, loading PGlite and compiling its WebAssembly need nothing from the command
// line but the wish to search locally, so this starts that thread before the CLI itself loads (about a
// quarter of a cold search is Node's start and loading the CLI bundle). The thread then waits; it opens
// the data directory only when the search, having checked its options and taken the directory's lock,
// sends it the path (core/db/pglite-in-thread.ts takes the thread from the slot below). A command line
// that turns out not to need it (an invalid option) leaves it unused: it touched no data, holds no lock
// and does not keep the process alive.
import { Worker } from 'node:worker_threads';

const SLOT = Symbol.for('ops-copilot.prestarted-database-thread');

/**
 * Whether this command line is a search on the embedded database: `search` not asking for help, no
 * `--server` or COPILOT_SERVER_URL (a running server answers), no DATABASE_URL (PostgreSQL). When in
 * doubt, no: the search then starts the thread itself, only later.
 */
export function searchesEmbeddedDatabase(argv, env) {
  const args = argv.slice(2);
  if (args[0] !== 'search') return false;
  if (env.DATABASE_URL || env.COPILOT_SERVER_URL) return false;
  return !args.some((arg) => arg === '--help' || arg === '-h' || arg === '--' || arg.startsWith('--server'));
}

/** Starts the database thread now when the command line searches the embedded database; true if it did. */
export function prestartDatabaseThread(argv, env) {
  if (!searchesEmbeddedDatabase(argv, env) || globalThis[SLOT]) return false;
  // A search is a brief process: the thread compiles PGlite's WebAssembly with the baseline compiler only
  // (core/db/baseline-wasm-compiler.ts says why), switching it on itself just before it compiles.
  const worker = new Worker(new URL('../core/db/pglite-thread.mjs', import.meta.url), {
    workerData: {
      prestarted: true,
      baselineWasmCompiler: true,
      traceOrigin: env.COPILOT_TRACE_START === '1' ? performance.timeOrigin : undefined,
    },
  });
  const slot = { worker, failure: undefined };
  worker.on('error', (error) => {
    slot.failure ??= error;
  });
  worker.on('exit', (code) => {
    slot.failure ??= new Error(`the embedded database thread exited while starting (code ${code})`);
  });
  worker.unref();
  globalThis[SLOT] = slot;
  return true;
}
