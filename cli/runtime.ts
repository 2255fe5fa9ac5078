import { loadConfig, type Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import { migrateAll, openDatabase } from '../core/db/open.ts';
import { useBaselineWasmCompiler } from '../core/db/baseline-wasm-compiler.ts';
import { isStandalone } from './standalone-process.ts';
import { traceStart } from './start-trace.ts';

export interface Runtime {
  config: Config;
  db: Database;
}

const closers = new Set<() => Promise<void>>();
let signalsInstalled = false;

/**
 * Closes everything registered (database, servers, workers) once, newest first. A command that fails
 * half-way (serve whose port is taken, say) goes through here too, so the embedded database is shut
 * down cleanly and its data-directory lock released.
 */
export async function closeRegistered(): Promise<void> {
  const pending = [...closers].reverse();
  closers.clear();
  for (const close of pending) {
    await close().catch((error: unknown) => process.stderr.write(`shutdown: ${(error as Error).message}\n`));
  }
}

async function shutdown(signal: string): Promise<void> {
  process.stderr.write(`\nreceived ${signal}, shutting down…\n`);
  await closeRegistered();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Registers something to close cleanly on SIGINT/SIGTERM (and on normal completion of a command). */
export function onShutdown(close: () => Promise<void>): () => void {
  if (!signalsInstalled) {
    signalsInstalled = true;
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  }
  closers.add(close);
  return () => closers.delete(close);
}

export interface RuntimeOptions {
  migrate?: boolean;
  /**
   * A command that opens the database, reads a little and exits: the embedded database starts with a
   * 2 MB buffer pool (the `command` profile, core/db/shared-memory.ts) and, when the command is the whole process, the process
   * compiles its WebAssembly with the baseline compiler only (core/db/baseline-wasm-compiler.ts). Never
   * for a command that runs for long.
   */
  brief?: boolean;
}

/**
 * The options of a command that opens the database, reads or writes a little and exits: most of the
 * administrative commands (tenants, keys, policies, webhooks, approvals…) and search. Not for commands
 * whose work grows with the data (serve, mcp, events import, seed, ingest, triage, exceptions sweep,
 * runs export): those keep PGlite's full buffer pool and V8's optimising compiler.
 */
export const BRIEF: RuntimeOptions = { brief: true };

/**
 * Opens the configured database, applies migrations, runs fn and closes the database again, also on
 * error or signal. Every CLI command that needs the database goes through here.
 */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  const config = loadConfig();
  traceStart('opening the database');
  // Process-wide: only when this command is the whole process (not a test calling main()).
  if (options.brief && isStandalone() && !config.DATABASE_URL) useBaselineWasmCompiler();
  const db = await openDatabase(config, options.brief ? { sharedMemory: 'command' } : {});
  const close = async (): Promise<void> => {
    await db.close();
  };
  const unregister = onShutdown(close);
  try {
    if (options.migrate !== false) {
      await migrateAll(db);
      traceStart('migrations checked');
    }
    return await fn({ config, db });
  } finally {
    unregister();
    await close();
    traceStart('database closed');
  }
}
