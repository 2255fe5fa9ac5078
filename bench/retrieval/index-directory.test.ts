import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndexDirectory } from './index-directory.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'index-directory-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('openIndexDirectory', () => {
  it('gives a fresh temporary data directory by default and removes it on release', async () => {
    const directory = await openIndexDirectory({});
    expect(directory.reused).toBe(false);
    expect(directory.dataDir).toMatch(/copilot-bench-retrieval-.*pgdata$/);
    const parent = join(directory.dataDir!, '..');
    expect(await exists(parent)).toBe(true);
    await directory.release();
    expect(await exists(parent)).toBe(false);
  });

  it('builds into a kept directory and leaves it; refuses to build over a kept index', async () => {
    const kept = join(root, 'kept');
    const directory = await openIndexDirectory({ keep: kept });
    expect(directory).toMatchObject({ dataDir: join(kept, 'pgdata'), reused: false });
    await directory.release();
    expect(await exists(kept)).toBe(true);
    await mkdir(join(kept, 'pgdata'));
    await expect(openIndexDirectory({ keep: kept })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('reuses only a directory holding a PostgreSQL data directory', async () => {
    const empty = join(root, 'empty');
    await mkdir(join(empty, 'pgdata'), { recursive: true });
    await expect(openIndexDirectory({ reuse: empty })).rejects.toThrow(/no kept index there/);
    await writeFile(join(empty, 'pgdata', 'PG_VERSION'), '18\n');
    const directory = await openIndexDirectory({ reuse: empty });
    expect(directory).toMatchObject({ dataDir: join(empty, 'pgdata'), reused: true });
    await directory.release();
    expect(await exists(join(empty, 'pgdata', 'PG_VERSION'))).toBe(true);
  });

  it('rejects option combinations that cannot mean anything', async () => {
    await expect(openIndexDirectory({ keep: join(root, 'a'), reuse: join(root, 'b') })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(openIndexDirectory({ keep: join(root, 'c'), memory: true })).rejects.toMatchObject({ code: 'validation_failed' });
    expect((await openIndexDirectory({ memory: true })).dataDir).toBeUndefined();
  });
});
