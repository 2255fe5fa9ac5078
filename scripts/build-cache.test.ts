import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations
import { cacheDirectory, cacheKey, folderSources, restoreFromCache, storeInCache } from './build-cache.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'build-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('the build cache', () => {
  it('lives under XDG_CACHE_HOME when it is set, else under ~/.cache', () => {
    expect(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/ci' })).toBe('/var/cache/ci/ops-copilot');
    expect(cacheDirectory({})).toMatch(/\/\.cache\/ops-copilot$/);
  });

  it('names an entry by every input: a changed file, text or order gives another name', () => {
    const source = file('source.ts', 'export const format = 1;\n');
    const lock = file('package.json', '{"version":"1.1.0"}');
    const key = cacheKey([{ text: 'v20.20.2' }, { file: lock }, { file: source }]);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(cacheKey([{ text: 'v20.20.2' }, { file: lock }, { file: source }])).toBe(key);
    expect(cacheKey([{ text: 'v22.1.0' }, { file: lock }, { file: source }])).not.toBe(key);
    expect(cacheKey([{ text: 'v20.20.2' }, { file: source }, { file: lock }])).not.toBe(key);
    // The same file in another clone's folder names the same entry.
    mkdirSync(join(scratch, 'other-clone'));
    const elsewhere = join(scratch, 'other-clone', 'source.ts');
    writeFileSync(elsewhere, readFileSync(source));
    const lockElsewhere = join(scratch, 'other-clone', 'package.json');
    writeFileSync(lockElsewhere, readFileSync(lock));
    expect(cacheKey([{ text: 'v20.20.2' }, { file: lockElsewhere }, { file: elsewhere }])).toBe(key);
    writeFileSync(source, 'export const format = 2;\n');
    expect(cacheKey([{ text: 'v20.20.2' }, { file: lock }, { file: source }])).not.toBe(key);
  });

  it("takes a folder's source files, sorted, without its tests", () => {
    const folder = join(scratch, 'word-vectors');
    mkdirSync(folder);
    for (const name of ['word-vectors.ts', 'compact.ts', 'compact.test.ts', 'notes.md']) writeFileSync(join(folder, name), name);
    expect(folderSources(folder)).toEqual([{ file: join(folder, 'compact.ts') }, { file: join(folder, 'word-vectors.ts') }]);
  });

  it('copies a stored entry to its target, and answers false for one that is missing or rejected', () => {
    const cache = join(scratch, 'cache');
    const built = file('built.bin', 'OCWV and the rest');
    expect(storeInCache(cache, 'entry.bin', built)).toEqual({ stored: true });
    expect(readdirSync(cache)).toEqual(['entry.bin']);

    const target = join(scratch, 'install', 'node_modules', '.cache', 'restored.bin');
    expect(restoreFromCache(cache, 'other.bin', target)).toBe(false);
    expect(restoreFromCache(cache, 'entry.bin', target, (bytes: Buffer) => bytes.subarray(0, 4).toString() === 'XXXX')).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect(restoreFromCache(cache, 'entry.bin', target, (bytes: Buffer) => bytes.subarray(0, 4).toString() === 'OCWV')).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('OCWV and the rest');
  });

  it('reports a cache it cannot write instead of failing the install', () => {
    const blocked = file('not-a-directory', 'a file where the cache folder would go');
    const result = storeInCache(join(blocked, 'ops-copilot'), 'entry.bin', file('built-2.bin', 'OCWV'));
    expect(result.stored).toBe(false);
    expect(result.reason).toMatch(/ENOTDIR|EEXIST/);
  });
});
