import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEventsCommand } from './events.ts';
import { registerTenantsCommand } from './tenants.ts';

/** Runs one CLI invocation in-process, capturing stdout and the exit code. */
async function run(...args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const program = new Command().exitOverride();
  registerTenantsCommand(program);
  registerEventsCommand(program);
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const writeError = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
    writeError.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, exitCode };
}

describe('copilot events import', () => {
  let dir: string;
  const previousDataDir = process.env.COPILOT_DATA_DIR;
  const previousUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copilot-events-cli-'));
    process.env.COPILOT_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
    const location = { id: 'l1', type: 'location.upserted', occurredAt: '2025-05-01T09:00:00Z', data: { code: 'WH-1', name: 'Main DC', kind: 'warehouse' } };
    await writeFile(join(dir, 'good.jsonl'), `${JSON.stringify(location)}\n`);
    await writeFile(join(dir, 'bad.jsonl'), '{"id": "broken"\nnot json at all\n');
    await writeFile(join(dir, 'mixed.jsonl'), `not json\n${JSON.stringify({ ...location, id: 'l2', data: { ...location.data, code: 'WH-2' } })}\n`);
    await run('tenants', 'create', '--slug', 'events-cli', '--name', 'Events CLI');
  });
  afterAll(async () => {
    if (previousDataDir === undefined) delete process.env.COPILOT_DATA_DIR;
    else process.env.COPILOT_DATA_DIR = previousDataDir;
    if (previousUrl !== undefined) process.env.DATABASE_URL = previousUrl;
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 when every line was applied', async () => {
    const result = await run('events', 'import', join(dir, 'good.jsonl'), '--tenant', 'events-cli');
    expect(result.stdout).toContain('events-cli: 1 events read, 1 applied, 0 duplicate, 0 dead-lettered');
    expect(result.exitCode).toBe(0);
  });

  it('imports the good lines but exits 1 after the summary when any line was dead-lettered', async () => {
    const mixed = await run('events', 'import', join(dir, 'mixed.jsonl'), '--tenant', 'events-cli');
    expect(mixed.stdout).toContain('events-cli: 2 events read, 1 applied, 0 duplicate, 1 dead-lettered');
    expect(mixed.stdout).toContain('list them with `copilot events dead-letters --tenant events-cli`, fix the cause, then replay them with `copilot events replay --tenant events-cli`');
    expect(mixed.exitCode).toBe(1);

    const bad = await run('events', 'import', join(dir, 'bad.jsonl'), '--tenant', 'events-cli', '--json');
    expect(JSON.parse(bad.stdout)).toMatchObject({ tenant: 'events-cli', lines: 2, applied: 0, deadLetteredCount: 2 });
    expect(bad.exitCode).toBe(1);

    const letters = JSON.parse((await run('events', 'dead-letters', '--tenant', 'events-cli', '--json')).stdout) as unknown[];
    expect(letters).toHaveLength(3);
  });
});
