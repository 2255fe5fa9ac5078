/**
 * Issue 12, "keep it from coming back": `copilot ingest` killed with SIGKILL in the middle of a large
 * ingest (a bulk load, so the vector index is dropped while writing) leaves no document half-indexed,
 * and the next run completes the index to exactly what an uninterrupted run builds — documents,
 * versions, chunks, embeddings, text-search postings, term statistics and the vector index.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../core/db/pglite.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { createTestDataDir } from '../../core/testing/test-db.ts';
import { hasVectorIndex } from '../../retrieval/index-lifecycle.ts';
import { COPILOT_BIN, REPO_ROOT } from '../mcp/spawn-copilot.ts';

/** Above BULK_LOAD_DOCUMENTS (300), so the ingest takes the drop-index-and-rebuild path. */
const DOCUMENTS = 320;
const TIMEOUT = 600_000;
const WORDS = 'pick pack ship carrier label manifest wave slot replenish cycle count variance reorder receipt putaway dock'.split(' ');

let root: string;
let corpus: string;

/** Deterministic documents of one to three chunks, each with its own vocabulary mix. */
async function writeCorpus(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let index = 0; index < DOCUMENTS; index += 1) {
    const sections = 1 + (index % 3);
    const body = Array.from({ length: sections }, (_, section) => {
      const words = Array.from({ length: 160 }, (_, word) => WORDS[(index * 7 + section * 3 + word * (section + 1)) % WORDS.length]);
      return `## Step ${section + 1} for procedure ${index}\n\n${words.join(' ')}.\n`;
    }).join('\n');
    await writeFile(join(dir, `procedure-${String(index).padStart(3, '0')}.md`), `# Warehouse procedure ${index}\n\n${body}`);
  }
}

interface IngestRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `copilot ingest` on a data directory; with killAt, sends SIGKILL once progress reaches it. */
function ingest(dataDir: string, killAt?: (done: number, total: number, line: string) => boolean): Promise<IngestRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COPILOT_BIN, 'ingest', corpus], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        COPILOT_DATA_DIR: dataDir,
        COPILOT_EMBEDDINGS: 'local',
        COPILOT_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n')) {
        const progress = /^(\w+) (\d+)\/(\d+)$/.exec(line.trim());
        if (progress && killAt?.(Number(progress[2]), Number(progress[3]), progress[1]!)) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

interface IndexState {
  documents: Array<{ document_id: string; version: number; is_current: boolean; chunks: number; postings: number; unembedded: number }>;
  termStats: { terms: number; occurrences: number };
  chunkCount: number;
  vectorIndex: boolean;
}

async function readIndex(dataDir: string): Promise<IndexState> {
  const db = await openPglite(dataDir);
  try {
    return await asOperator(db, async (tx) => ({
      documents: (
        await tx.query<IndexState['documents'][number]>(
          `SELECT d.document_id, d.version, d.is_current,
                  (SELECT count(*)::int FROM knowledge_chunks c WHERE c.document_key = d.key) AS chunks,
                  (SELECT count(*)::int FROM knowledge_postings p JOIN knowledge_chunks c ON c.id = p.chunk_id WHERE c.document_key = d.key) AS postings,
                  (SELECT count(*)::int FROM knowledge_chunks c WHERE c.document_key = d.key AND c.embedding IS NULL) AS unembedded
             FROM knowledge_documents d ORDER BY d.document_id, d.version`,
        )
      ).rows,
      termStats: (
        await tx.query<IndexState['termStats']>(
          `SELECT count(*)::int AS terms, coalesce(sum(chunks), 0)::int AS occurrences FROM knowledge_term_stats`,
        )
      ).rows[0]!,
      chunkCount: (await tx.query<{ n: number }>('SELECT coalesce((SELECT chunk_count FROM knowledge_index), 0) AS n')).rows[0]!.n,
      vectorIndex: await hasVectorIndex(tx),
    }));
  } finally {
    await db.close();
  }
}

describe('copilot ingest killed mid-way', () => {
  let reference: IndexState;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'copilot-ingest-crash-'));
    corpus = join(root, 'corpus');
    await writeCorpus(corpus);
    // Both data directories start migrated (from the run's template): what is under test is the ingest.
    await createTestDataDir(join(root, 'reference'));
    const clean = await ingest(join(root, 'reference'));
    expect(clean.code, clean.stderr).toBe(0);
    reference = await readIndex(join(root, 'reference'));
    expect(reference.documents).toHaveLength(DOCUMENTS);
    expect(reference.vectorIndex).toBe(true);
  }, TIMEOUT);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(
    'leaves every document whole or absent, and the next run completes the index exactly',
    async () => {
      const dataDir = join(root, 'killed');
      await createTestDataDir(dataDir);
      const killed = await ingest(dataDir, (done, total, phase) => phase === 'indexing' && done >= total * 0.4);
      expect(killed.signal, `the ingest finished before it could be killed:\n${killed.stderr}`).toBe('SIGKILL');

      const expected = new Map(reference.documents.map((document) => [document.document_id, document]));
      const interrupted = await readIndex(dataDir);
      expect(interrupted.documents.length).toBeGreaterThan(0);
      expect(interrupted.documents.length).toBeLessThan(DOCUMENTS);
      for (const document of interrupted.documents) {
        // A document is written with all its chunks, vectors and postings in one transaction, or not at all.
        expect(document, document.document_id).toEqual(expected.get(document.document_id));
      }

      const resumed = await ingest(dataDir);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(
        new RegExp(`${DOCUMENTS - interrupted.documents.length} added, 0 updated, ${interrupted.documents.length} unchanged`),
      );
      expect(await readIndex(dataDir)).toEqual(reference);
    },
    TIMEOUT,
  );
});
