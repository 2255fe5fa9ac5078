import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyTestFiles, listTestFiles } from './shared-worker-files.ts';

const repository = fileURLToPath(new URL('..', import.meta.url));
const tree = mkdtempSync(join(tmpdir(), 'shared-worker-files-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

write('core/db/pglite.ts', 'export const open = () => 1;\n');
write('core/db/open.ts', "import { open } from './pglite.ts';\nexport const openDatabase = open;\n");
write('core/orders/orders.ts', "import { openDatabase } from '../db/open.ts';\nexport const orders = openDatabase;\n");
write('core/orders/format.ts', 'export const format = (value: number) => value.toFixed(2);\n');
write('core/orders/lazy.ts', "export const later = () => import('../db/open.ts');\n");
write('core/orders/format.test.ts', "import { format } from './format.ts';\nformat(1);\n");
write('core/orders/orders.test.ts', "import { orders } from './orders.ts';\norders();\n");
write('core/orders/lazy.test.ts', "import { later } from './lazy';\nlater();\n");
write(
  'core/orders/mocked.test.ts',
  "import { vi } from 'vitest';\nimport { format } from './format.ts';\nvi.mock('./other.ts');\nformat(1);\n",
);
write('core/orders/environment.test.ts', "process.env.COPILOT_MODEL = 'offline';\n");
write('core/orders/reads-environment.test.ts', "if (process.env.COPILOT_MODEL === 'offline') console.log('offline');\n");
write('core/orders/server.pg.test.ts', "import { format } from './format.ts';\nformat(1);\n");
write('web/ui/page.test.tsx', "import { format } from '../../core/orders/format.ts';\nformat(1);\n");
write('node_modules/package/index.test.ts', 'export {};\n');
write('eval/suites/cases/inside.test.ts', 'export {};\n');

describe('test files that may share a worker process', () => {
  it('lists *.test.ts and *.test.tsx files, not PostgreSQL or browser files, dependencies or eval suites', () => {
    expect(listTestFiles(tree)).toEqual([
      'core/orders/environment.test.ts',
      'core/orders/format.test.ts',
      'core/orders/lazy.test.ts',
      'core/orders/mocked.test.ts',
      'core/orders/orders.test.ts',
      'core/orders/reads-environment.test.ts',
      'web/ui/page.test.tsx',
    ]);
  });

  it('keeps a process per file for files whose imports reach the database, directly, through modules or lazily', () => {
    const { shared, isolated } = classifyTestFiles(tree);
    expect(isolated).toEqual(expect.arrayContaining(['core/orders/orders.test.ts', 'core/orders/lazy.test.ts']));
    expect(shared).toEqual(expect.arrayContaining(['core/orders/format.test.ts', 'web/ui/page.test.tsx']));
  });

  it('keeps a process per file for files that mock modules or set the environment, not for files that read it', () => {
    const { shared, isolated } = classifyTestFiles(tree);
    expect(isolated).toEqual(expect.arrayContaining(['core/orders/mocked.test.ts', 'core/orders/environment.test.ts']));
    expect(shared).toContain('core/orders/reads-environment.test.ts');
  });

  it('splits the repository into two parts that together hold every test file once', () => {
    const all = listTestFiles(repository);
    const { shared, isolated } = classifyTestFiles(repository, all);
    expect([...shared, ...isolated].sort()).toEqual(all);
    expect(new Set([...shared, ...isolated]).size).toBe(all.length);
    // Database files keep their own process; a file that mocks a module does too; a parser's file shares.
    expect(isolated).toEqual(expect.arrayContaining(['core/orders/channel-demand.test.ts', 'cli/runtime.test.ts']));
    expect(shared).toContain('eval/suite/load-suite.test.ts');
  });
});
