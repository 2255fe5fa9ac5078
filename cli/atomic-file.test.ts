import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-file.ts';

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copilot-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the target only when everything is written, keeping its mode', async () => {
    const target = join(dir, 'keep.jsonl');
    await writeFile(target, 'old\n');
    await chmod(target, 0o600);
    await writeFileAtomically(target, async (writeText) => {
      for (let i = 0; i < 3; i++) await writeText(`line ${i}\n`);
    });
    expect(await readFile(target, 'utf8')).toBe('line 0\nline 1\nline 2\n');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['keep.jsonl']);
  });

  it('leaves an existing target untouched and removes the temporary file when writing fails part-way', async () => {
    const target = join(dir, 'keep.jsonl');
    await writeFile(target, 'precious\n');
    await expect(
      writeFileAtomically(target, async (writeText) => {
        await writeText('x'.repeat(200_000));
        throw new Error('database went away');
      }),
    ).rejects.toThrow('database went away');
    expect(await readFile(target, 'utf8')).toBe('precious\n');
    expect(await readdir(dir)).toEqual(['keep.jsonl']);
  });

  it('creates a new file', async () => {
    const target = join(dir, 'new.jsonl');
    await writeFileAtomically(target, (writeText) => writeText('x\n'));
    expect(await readFile(target, 'utf8')).toBe('x\n');
  });
});
