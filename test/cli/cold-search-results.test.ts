/**
 * A cold `copilot search` (a new process: the database thread started by bin/copilot.mjs before the CLI
 * loads, PGlite's WebAssembly on the baseline compiler, a small buffer pool) answers exactly what the
 * search library answers on the same data directory opened the standard way. Also: the early thread
 * touches nothing when the command line turns out invalid, and a search next to a process holding the
 * directory (a running `copilot serve`) stops at the lock without opening the database.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSemanticEmbeddings } from '../../retrieval/embeddings/local-semantic-embeddings.ts';
import { groupByDocument, passagesFor } from '../../retrieval/search/group-by-document.ts';
import { searchKnowledge } from '../../retrieval/search/search-knowledge.ts';
import type { SearchMode } from '../../retrieval/search/search-types.ts';
import { acquireDataDirLock } from '../../core/db/data-dir-lock.ts';
import { openPgliteInThread } from '../../core/db/pglite-in-thread.ts';
import { createTestDataDir } from '../../core/testing/test-db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/copilot.mjs');

interface Case {
  query: string;
  mode?: SearchMode;
  k?: number;
  perDocument?: number;
  types?: string[];
}

const CASES: Case[] = [
  { query: 'customer charged twice refund' },
  { query: 'oversold SKU, stock conflict between two warehouses', k: 3 },
  { query: 'the carrier has not scanned the parcel for days', mode: 'vector' },
  { query: 'ERP sync failed retry', mode: 'text', perDocument: 1 },
  { query: 'invoice total does not match the purchase order', types: ['runbook'], k: 4 },
];

describe('cold copilot search', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copilot-cold-results-'));
  const dataDir = join(dir, 'data');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    COPILOT_DATA_DIR: dataDir,
    COPILOT_EMBEDDINGS: 'local',
  };
  const copilot = (args: string[], extra: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...env, ...extra }, timeout: 240_000 });
  const argsFor = (test: Case): string[] => [
    'search',
    test.query,
    '--json',
    ...(test.mode ? ['--mode', test.mode] : []),
    ...(test.k ? ['--k', String(test.k)] : []),
    ...(test.perDocument ? ['--per-document', String(test.perDocument)] : []),
    ...(test.types ? ['--type', test.types.join(',')] : []),
  ];
  const pgControl = () => statSync(join(dataDir, 'pgdata', 'global', 'pg_control')).mtimeMs;

  beforeAll(async () => {
    // Migrated from the run's template (the cold search is under test, not the directory's first start).
    await createTestDataDir(dataDir);
    const ingest = copilot(['ingest', join(ROOT, 'ingestion/corpus')]);
    expect(ingest.status, ingest.stderr).toBe(0);
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers what the search library answers on the same directory, query by query', async () => {
    const cold = CASES.map((test) => {
      const run = copilot(argsFor(test), { COPILOT_TRACE_START: '1' });
      expect(run.status, run.stderr).toBe(0);
      // The path under test: the thread bin/copilot.mjs started, given its directory once the lock was held.
      expect(run.stderr).toContain('(database thread) thread started (before the CLI loaded)');
      expect(run.stderr).toContain('(database thread) data directory given');
      return JSON.parse(run.stdout) as unknown;
    });
    const db = await openPgliteInThread(dataDir);
    try {
      const embedder = new LocalSemanticEmbeddings();
      for (const [index, test] of CASES.entries()) {
        const k = test.k ?? 5;
        const perDocument = test.perDocument ?? 2;
        const hits = await searchKnowledge(
          db,
          {
            query: test.query,
            k: passagesFor(k, perDocument),
            mode: test.mode ?? 'hybrid',
            perDocumentCap: perDocument,
            filters: test.types ? { types: test.types } : {},
          },
          { embedder },
        );
        const expected = JSON.parse(JSON.stringify(groupByDocument(hits, k))) as unknown[];
        expect(expected.length, test.query).toBeGreaterThan(0);
        expect(cold[index], test.query).toEqual(expected);
      }
    } finally {
      await db.close();
    }
  }, 900_000);

  it('leaves the database unopened when the command line is invalid', () => {
    const before = pgControl();
    const run = copilot(['search', 'refund', '--k', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/k/);
    expect(pgControl()).toBe(before);
  }, 240_000);

  it('stops at the lock of a process holding the directory, without opening the database', () => {
    const before = pgControl();
    const lock = acquireDataDirLock(dataDir, 'copilot serve (this test)');
    try {
      const run = copilot(['search', 'refund']);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('is in use by process');
      expect(run.stderr).toContain('copilot serve (this test)');
    } finally {
      lock.release();
    }
    expect(pgControl()).toBe(before);
  }, 240_000);
});
