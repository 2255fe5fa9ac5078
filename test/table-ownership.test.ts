/**
 * A folder owns its tables: other folders call its exported functions, never its SQL. This test reads
 * the source the way `git grep` would — every INSERT, UPDATE, DELETE, TRUNCATE or COPY naming a table
 * created by a migration — and fails when a table is written from more than one top-level folder, or
 * from a folder other than the one whose migration creates it. Tests and test support (`*.test.ts`,
 * `test/`, `testing/` folders) are exempt: they build fixtures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const tracked = (...patterns: string[]): string[] =>
  execFileSync('git', ['ls-files', '--', ...patterns], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
const topFolder = (path: string): string => path.split('/')[0]!;
const isTestSupport = (path: string): boolean => /\.test\.tsx?$/.test(path) || path.startsWith('test/') || path.includes('/testing/');

/** The folder whose migration creates each table. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of tracked('*.sql')) {
    if (!file.includes('/migrations/')) continue;
    for (const match of readFileSync(new URL(file, root), 'utf8').matchAll(
      /create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi,
    ))
      owners.set(match[1]!.toLowerCase(), topFolder(file));
  }
  return owners;
}

const WRITE = /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|copy)\s+(?:only\s+)?([a-z_][a-z0-9_]*)/gi;

/** For each table, the source files that write it. */
function writers(tables: ReadonlySet<string>): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of tracked('*.ts', '*.tsx', '*.mjs', '*.js')) {
    if (isTestSupport(file) || file.startsWith('node_modules/')) continue;
    for (const match of readFileSync(new URL(file, root), 'utf8').matchAll(WRITE)) {
      const table = match[1]!.toLowerCase();
      if (!tables.has(table)) continue;
      if (!found.has(table)) found.set(table, new Set());
      found.get(table)!.add(file);
    }
  }
  return found;
}

/**
 * Known, not yet moved. This list may only shrink (the last test fails on an entry that no longer trespasses).
 */
const PENDING: Record<string, string[]> = {};

describe('each table is written by the folder that owns it', () => {
  const owners = tableOwners();
  const written = writers(new Set(owners.keys()));

  it('finds the tables and their writers (the scan itself works)', () => {
    expect(owners.get('orders')).toBe('core');
    expect(owners.get('proposals')).toBe('policies');
    expect([...(written.get('exceptions') ?? [])].some((file) => file.startsWith('core/exceptions/'))).toBe(true);
  });

  it('no table is written from a folder other than its owner', () => {
    const trespass: string[] = [];
    for (const [table, files] of written) {
      const owner = owners.get(table)!;
      for (const file of files) {
        const folder = topFolder(file);
        if (folder !== owner && !(PENDING[table] ?? []).includes(folder)) trespass.push(`${table} (owned by ${owner}/) written in ${file}`);
      }
    }
    expect(trespass).toEqual([]);
  });

  it('the pending list names only trespasses that still exist', () => {
    for (const [table, folders] of Object.entries(PENDING)) {
      const writing = new Set([...(written.get(table) ?? [])].map(topFolder));
      for (const folder of folders) expect(writing.has(folder), `${table} from ${folder}/ is fixed: remove it from PENDING`).toBe(true);
    }
  });
});
