import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { benchRetrieval } from './retrieval.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-retrieval-test-'));
  // The benchmark reports on stdout and stderr; the test reads its return value.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

describe('npm run bench -- retrieval with a kept index', () => {
  it('builds an index with --keep, then searches it again with --index without ingesting', async () => {
    const kept = join(root, 'index');
    const common = ['--sizes', '120', '--queries', '3', '--skip-langchain', '--json'];
    const [built] = await benchRetrieval(['retrieval', ...common, '--keep', kept]);
    expect(built!.ingest?.cpuSeconds).toBeGreaterThan(0);
    expect(built!.chunks).toBeGreaterThanOrEqual(100);

    const [reused] = await benchRetrieval(['retrieval', ...common, '--index', kept]);
    expect(reused!.ingest).toBeUndefined();
    expect(reused).toMatchObject({ chunks: built!.chunks, documents: built!.documents, queries: 3 });
    expect(reused!.inProcess.hybrid.p50).toBeGreaterThan(0);
  }, 300_000);

  it('refuses --keep or --index with more than one size', async () => {
    await expect(benchRetrieval(['retrieval', '--sizes', '100,200', '--keep', join(root, 'two')])).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
