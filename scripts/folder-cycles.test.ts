import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations
import { findCycles, folderGraph } from './folder-cycles.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'folder-cycles-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('folder import cycles', () => {
  it('finds a cycle through a third folder, through type-only and dynamic imports', () => {
    const root = tree({
      'a/x.ts': "import type { Y } from '../b/y.ts';\n",
      'b/y.ts': "export const y = await import('../c/deep/z.ts');\n",
      'c/deep/z.ts': "export { x } from '../../a/x.ts';\n",
      'd/w.ts': "import { x } from '../a/x.ts';\n",
    });
    const cycles = findCycles(folderGraph(root));
    expect(cycles).toHaveLength(1);
    expect(cycles[0].folders).toEqual(['a', 'b', 'c']);
  });

  it('ignores tests, the test folder and imports inside one folder', () => {
    const root = tree({
      'a/x.ts': "import { y } from './inner/y.ts';\n",
      'a/inner/y.ts': 'export const y = 1;\n',
      'a/x.test.ts': "import { b } from '../b/b.ts';\n",
      'b/b.ts': "import { x } from '../a/x.ts';\n",
      'test/e2e.ts': "import { b } from '../b/b.ts';\n",
    });
    expect(findCycles(folderGraph(root))).toEqual([]);
  });

  it('holds for this repository', () => {
    const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    expect(findCycles(folderGraph(repo))).toEqual([]);
  });
});
