/**
 * Which test files may share a worker process (Vitest `isolate: false`): those that never reach the
 * database and change nothing process-wide themselves. A fresh process per file costs each file
 * Node's start and the product's imports again (about 1 s of CPU); files without a database are
 * mostly far cheaper than that. Everything else keeps a process of its own: database files clone the
 * run's template (provided by the global setup) and the product registers process-wide handlers
 * around database work (exception detection, routing, chat outcomes), which would leak into the
 * next file. A file is judged by its static import closure, so a new database import moves a file
 * back to isolation by itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Modules that open or clone a database: a file whose imports reach one keeps its own process. */
export const DATABASE_MODULES = [
  'core/db/open.ts',
  'core/db/pglite.ts',
  'core/db/pglite-in-thread.ts',
  'core/db/postgres.ts',
  'core/testing/test-db.ts',
] as const;

/** What a file may not do itself to share a process: mock modules or globals, change the environment or the process. */
const PROCESS_WIDE = [
  /\bvi\.(mock|doMock|unmock|stubEnv|stubGlobal|useFakeTimers|spyOn|hoisted)\b/,
  /\bprocess\.env(\.[A-Za-z_]\w*|\[[^\]]+\])\s*=(?!=)/,
  /\bdelete\s+process\.env\b/,
  /\bprocess\.(chdir|exitCode\s*=)/,
  /\bmarkStandalone\b/,
];

/** Folders never searched for test files (dependencies, build output, data, and the eval suites' case files). */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.data', 'coverage', 'eval/suites']);

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative imports of one source file, resolved to absolute paths of files that exist. */
function importsOf(file: string, source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    const target = resolve(dirname(file), specifier);
    for (const candidate of [target, `${target}.ts`]) {
      if (/\.(ts|tsx|mts|js|mjs)$/.test(candidate) && existsSync(candidate)) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** Test files of the default project (`*.test.ts`, `*.test.tsx`; not PostgreSQL or browser files), relative to root. */
export function listTestFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name) && !SKIPPED_FOLDERS.has(name)) walk(path);
      } else if (/\.test\.tsx?$/.test(entry.name) && !/\.(pg|browser)\.test\.tsx?$/.test(entry.name)) {
        files.push(name);
      }
    }
  };
  walk(root);
  return files.sort();
}

/** Splits the test files into those that may share a worker and those that keep a process of their own. */
export function classifyTestFiles(root: string, files: readonly string[] = listTestFiles(root)): { shared: string[]; isolated: string[] } {
  const imports = new Map<string, string[]>();
  const importsOfFile = (path: string): string[] => {
    let found = imports.get(path);
    if (!found) {
      found = importsOf(path, readFileSync(path, 'utf8'));
      imports.set(path, found);
    }
    return found;
  };
  const database = new Set(DATABASE_MODULES.map((module) => resolve(root, module)));
  const reachesDatabase = new Map<string, boolean>();
  const closureReachesDatabase = (start: string): boolean => {
    const cached = reachesDatabase.get(start);
    if (cached !== undefined) return cached;
    const seen = new Set([start]);
    const pending = [start];
    let reaches = false;
    while (pending.length && !reaches) {
      const file = pending.pop()!;
      for (const target of importsOfFile(file)) {
        if (database.has(target)) reaches = true;
        if (!seen.has(target)) {
          seen.add(target);
          pending.push(target);
        }
      }
    }
    reachesDatabase.set(start, reaches);
    return reaches;
  };
  const shared: string[] = [];
  const isolated: string[] = [];
  for (const file of files) {
    const path = resolve(root, file);
    const alone = PROCESS_WIDE.some((pattern) => pattern.test(readFileSync(path, 'utf8'))) || closureReachesDatabase(path);
    (alone ? isolated : shared).push(file);
  }
  return { shared, isolated };
}
