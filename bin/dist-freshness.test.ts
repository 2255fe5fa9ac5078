import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDistEntry } from './dist-freshness.mjs';

describe('freshDistEntry', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function project(builtAt: number, inputs: string[]): URL {
    root = mkdtempSync(join(tmpdir(), 'dist-freshness-'));
    mkdirSync(join(root, 'dist'));
    mkdirSync(join(root, 'cli'));
    writeFileSync(join(root, 'dist', 'build-manifest.json'), JSON.stringify({ builtAt, inputs }));
    return pathToFileURL(`${root}/`);
  }

  it('runs the build when no source it read changed since', () => {
    const rootUrl = project(Date.now() + 60_000, ['cli/main.ts']);
    writeFileSync(join(root, 'cli', 'main.ts'), 'export {}');
    expect(freshDistEntry(rootUrl, 'cli.js')?.href).toBe(new URL('dist/cli.js', rootUrl).href);
  });

  it('falls back to the sources when one was edited after the build, or is gone', () => {
    const rootUrl = project(Date.now() - 60_000, ['cli/main.ts']);
    writeFileSync(join(root, 'cli', 'main.ts'), 'export {}');
    expect(freshDistEntry(rootUrl, 'cli.js')).toBeUndefined();
    const later = project(Date.now(), ['cli/gone.ts']);
    expect(freshDistEntry(later, 'cli.js')).toBeUndefined();
  });

  it('falls back without a build', () => {
    root = mkdtempSync(join(tmpdir(), 'dist-freshness-'));
    expect(freshDistEntry(pathToFileURL(`${root}/`), 'cli.js')).toBeUndefined();
  });

  it('falls back when COPILOT_FROM_SOURCE=1', () => {
    const rootUrl = project(Date.now() + 60_000, ['cli/main.ts']);
    writeFileSync(join(root, 'cli', 'main.ts'), 'export {}');
    utimesSync(join(root, 'cli', 'main.ts'), new Date(0), new Date(0));
    process.env.COPILOT_FROM_SOURCE = '1';
    try {
      expect(freshDistEntry(rootUrl, 'cli.js')).toBeUndefined();
    } finally {
      delete process.env.COPILOT_FROM_SOURCE;
    }
  });
});
