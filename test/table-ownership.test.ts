/**
 * A folder owns its tables: other folders call its exported functions, never its SQL. This test reads
 * the source the way `git grep` would and fails when
 * - a table is written (INSERT, UPDATE, DELETE, TRUNCATE, COPY) from a folder other than the one whose
 *   migration creates it,
 * - a table is read (FROM, JOIN) from a folder other than its owner, or
 * - code that is not a test (a benchmark, a command) imports test fixtures that write tables with their
 *   own SQL, which would go around the owner's write paths (reserve, receive, capture…) just the same.
 * Tests and test support (`*.test.ts`, `test/`, `testing/` folders) are otherwise exempt: they build
 * fixtures. There is no allowlist: a new trespass is fixed by adding a small exported function to the
 * owner (docs/architecture.md, "Ownership").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const tracked = (...patterns: string[]): string[] =>
  execFileSync('git', ['ls-files', '--', ...patterns], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const topFolder = (path: string): string => path.split('/')[0]!;
const isTestSupport = (path: string): boolean => /\.test\.tsx?$/.test(path) || path.startsWith('test/') || path.includes('/testing/');
const sources = tracked('*.ts', '*.tsx', '*.mjs', '*.js').filter((file) => !file.startsWith('node_modules/'));

/** The folder whose migration creates each table. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of tracked('*.sql')) {
    if (!file.includes('/migrations/')) continue;
    for (const match of read(file).matchAll(/create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi))
      owners.set(match[1]!.toLowerCase(), topFolder(file));
  }
  return owners;
}

const WRITE = /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|copy)\s+(?:only\s+)?([a-z_][a-z0-9_]*)/gi;
// SQL keywords are upper case throughout the code base; matching them so keeps prose ("from customers") out.
const READ = /\b(?:FROM|JOIN)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)/g;

/** For each table, the source files whose text matches `pattern` on it. */
function tableUses(files: readonly string[], pattern: RegExp, tables: ReadonlySet<string>): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of files) {
    for (const match of read(file).matchAll(pattern)) {
      const table = match[1]!.toLowerCase();
      if (!tables.has(table)) continue;
      if (!found.has(table)) found.set(table, new Set());
      found.get(table)!.add(file);
    }
  }
  return found;
}

function trespasses(uses: Map<string, Set<string>>, owners: Map<string, string>, verb: string): string[] {
  const found: string[] = [];
  for (const [table, files] of uses) {
    const owner = owners.get(table)!;
    for (const file of files) if (topFolder(file) !== owner) found.push(`${table} (owned by ${owner}/) ${verb} in ${file}`);
  }
  return found.sort();
}

/** Relative imports of a file, resolved to paths from the repository root. */
function importsOf(file: string): string[] {
  return [...read(file).matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)].map((match) => normalize(join(dirname(file), match[1]!)));
}

describe('each table is written and read by the folder that owns it', () => {
  const owners = tableOwners();
  const tables = new Set(owners.keys());
  const product = sources.filter((file) => !isTestSupport(file));
  const written = tableUses(product, WRITE, tables);
  const readBy = tableUses(product, READ, tables);

  it('finds the tables, their writers and readers (the scan itself works)', () => {
    expect(owners.get('orders')).toBe('core');
    expect(owners.get('proposals')).toBe('policies');
    expect(owners.get('knowledge_chunks')).toBe('retrieval');
    expect([...(written.get('exceptions') ?? [])].some((file) => file.startsWith('core/exceptions/'))).toBe(true);
    expect([...(written.get('knowledge_chunks') ?? [])]).toContain('retrieval/store/knowledge-writes.ts');
    expect([...(readBy.get('proposals') ?? [])].some((file) => file.startsWith('policies/'))).toBe(true);
    // The patterns catch what they are meant to, and not prose.
    expect([...'UPDATE orders SET x = 1'.matchAll(WRITE)].map((match) => match[1])).toEqual(['orders']);
    expect([...'SELECT 1 FROM exceptions e JOIN exception_events v ON true'.matchAll(READ)].map((match) => match[1])).toEqual([
      'exceptions',
      'exception_events',
    ]);
    expect([...'text quoted from customers'.matchAll(READ)]).toEqual([]);
  });

  it('no table is written from a folder other than its owner', () => {
    expect(trespasses(written, owners, 'written')).toEqual([]);
  });

  it('no table is read from a folder other than its owner', () => {
    expect(trespasses(readBy, owners, 'read')).toEqual([]);
  });

  it('code that is not a test never builds state with fixtures that write tables directly', () => {
    const writingFixtures = new Set(
      sources.filter((file) => file.includes('/testing/') && [...read(file).matchAll(WRITE)].some((m) => tables.has(m[1]!.toLowerCase()))),
    );
    expect(writingFixtures.size).toBeGreaterThan(0);
    const offenders = product.flatMap((file) =>
      importsOf(file)
        .filter((target) => writingFixtures.has(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
