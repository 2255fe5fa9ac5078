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

  it.each([
    [['policies', 'show', '--tenant', 'acme', '--version', 'abc'], /--version: must be a whole number 1 or more/],
    [['policies', 'show', '--tenant', 'acme', '--version', '1.9'], /--version: must be a whole number 1 or more/],
    [['events', 'replay', '--id', 'not-a-uuid'], /--id\.0: must be a dead-letter id \(a UUID/],
    [['events', 'import', '/', '--tenant', 'acme'], /cannot read events file \/: is a directory/],
    [['events', 'import', '/no/such/events.jsonl', '--tenant', 'acme'], /cannot read events file \/no\/such\/events\.jsonl: does not exist/],
    [['tenants', 'create', '--slug', 'mars', '--name', 'Mars', '--timezone', 'Mars/Olympus'], /timezone: not a known IANA time zone/],
    [['triage', '--concurrency', '999'], /--concurrency: must be a whole number from 1 to 64/],
    [['triage', '--limit', '0'], /--limit: must be a whole number 1 or more/],
    [['ingest', 'docs', '--chunk-size', '200', '--chunk-overlap', '2000'], /--chunk-overlap \(2000\) must be smaller than --chunk-size \(200\)/],
    [['eval', 'suite.yaml', '--model', 'bogus'], /--model: must be "offline" or "openai:<model>"/],
    [['runs', 'list', '--limit', '5000'], /--limit: must be a whole number from 1 to 1000/],
  ])('copilot %j exits 2 naming the bad input, before opening the database', async (args, message) => {
    const result = await copilot(...args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^error \[validation_failed\]/);
    expect(result.exitCode).toBe(2);
    expect(await readdir(dir)).not.toContain('never-created');
  });

  it.each([
    [['events', 'dead-letters', '--status', 'nonsense'], /Allowed choices are pending, replayed, all/],
    [['tools', 'list', '--role', 'nonsense'], /Allowed choices are rep, approver, admin, evaluator, integration/],
    [['keys', 'create', '--tenant', 'acme', '--role', 'rep,bogus'], /"bogus" is not a role\. Allowed roles: rep, approver, admin, evaluator, integration/],
  ])('copilot %j is a usage error (exit 2) listing the allowed values', async (args, message) => {
    const result = await copilot(...args);
    expect(result.stderr).toMatch(message);
    expect(result.exitCode).toBe(2);
  });
});
