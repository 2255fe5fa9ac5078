/** Test helpers: the whole `copilot` command line in-process, against a throwaway data directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { createTestDataDir } from '../../core/testing/test-db.ts';
import { main } from '../main.ts';

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** One `copilot …` invocation through main() (every command, real exit codes), capturing its output. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const writeError = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    await main(['node', 'copilot', ...args]);
  } finally {
    write.mockRestore();
    writeError.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, exitCode };
}

/**
 * For the enclosing describe block: a temporary directory, with COPILOT_DATA_DIR pointing at
 * `<dir>/<dataDir>` (the embedded database, created on first use) and DATABASE_URL unset; both are
 * restored afterwards. Returns a getter for the directory. With `migrated`, the database is there from
 * the start, loaded from the run's migrated template (createTestDataDir) instead of created by the
 * first command: for tests of what the commands do, not of a first start.
 */
export function useTempDataDir(prefix: string, dataDir = 'data', options: { migrated?: boolean } = {}): () => string {
  let dir = '';
  const previousDataDir = process.env.COPILOT_DATA_DIR;
  const previousUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    process.env.COPILOT_DATA_DIR = join(dir, dataDir);
    delete process.env.DATABASE_URL;
    if (options.migrated) await createTestDataDir(join(dir, dataDir));
  });
  afterAll(async () => {
    if (previousDataDir === undefined) delete process.env.COPILOT_DATA_DIR;
    else process.env.COPILOT_DATA_DIR = previousDataDir;
    if (previousUrl !== undefined) process.env.DATABASE_URL = previousUrl;
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
