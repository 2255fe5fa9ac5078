import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

/**
 * The whole command line, in-process, for input that must be refused before any database is opened
 * (COPILOT_DATA_DIR points at a directory that is never created).
 */
async function copilot(...args: string[]): Promise<{ exitCode: number; stderr: string }> {
  let stderr = '';
  const writeError = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  process.exitCode = 0;
  try {
    await main(['node', 'copilot', ...args]);
  } finally {
    writeError.mockRestore();
    write.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { exitCode, stderr };
}

describe('copilot command line: bad input', () => {
  let dir: string;
  const previousDataDir = process.env.COPILOT_DATA_DIR;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copilot-main-'));
    process.env.COPILOT_DATA_DIR = join(dir, 'never-created');
  });
  afterAll(async () => {
    if (previousDataDir === undefined) delete process.env.COPILOT_DATA_DIR;
    else process.env.COPILOT_DATA_DIR = previousDataDir;
    await rm(dir, { recursive: true, force: true });
  });

  it('runs export with a bad --since exits 2 and leaves an existing --out file untouched', async () => {
    const out = join(dir, 'keep.jsonl');
    await writeFile(out, '{"kept":true}\n');
    const result = await copilot('runs', 'export', '--since', 'yesterdayish', '--out', out);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error [validation_failed]: --since must be');
    expect(await readFile(out, 'utf8')).toBe('{"kept":true}\n');
    expect(await readdir(dir)).toEqual(['keep.jsonl']);
  });
});
