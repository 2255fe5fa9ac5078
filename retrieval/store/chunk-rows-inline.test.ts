import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { markdownDocument } from '../../ingestion/testing/markdown-document.ts';
import { LocalHashEmbeddings } from '../embeddings/local-hash-embeddings.ts';
import { searchKnowledge } from '../search/search-knowledge.ts';

// retrieval/migrations/0007_chunk_rows_inline.sql: a typical chunk (text, tsvector and embedding, about
// 3 kB) is stored whole in its heap row, not split into TOAST rows; a very large one still is.
const embedder = new LocalHashEmbeddings();
const words = 'carrier pickup missed dock reschedule notify customer credit hold release approver'.split(' ');
const section = (index: number, length: number): string =>
  Array.from({ length }, (_, word) => words[(index * 7 + word * 3) % words.length]).join(' ');

async function toastBytes(db: Database): Promise<number> {
  const result = await db.query<{ bytes: number }>(
    `SELECT pg_relation_size(reltoastrelid) AS bytes FROM pg_class WHERE oid = 'knowledge_chunks'::regclass`,
  );
  return Number(result.rows[0]!.bytes);
}

describe('chunk rows', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('are stored inline: typical chunks leave the TOAST table empty and read back whole', async () => {
    const body = Array.from(
      { length: 12 },
      (_, index) => `## Step ${index} ${words[index % words.length]}\n\n${section(index, 100)}.`,
    ).join('\n\n');
    const report = await ingestDocuments(db, [markdownDocument('inline-rows', `# Inline rows\n\n${body}`, { title: 'Inline rows' })], {
      embedder,
    });
    expect(report.chunksWritten).toBeGreaterThan(5);
    const sizes = await asOperator(db, (tx) =>
      tx.query<{ row: number }>(`SELECT pg_column_size(c.*) AS row FROM knowledge_chunks c WHERE is_current`),
    );
    // Rows past the default target of about 2 kB, which would have been toasted before.
    expect(Math.min(...sizes.rows.map((row) => Number(row.row)))).toBeGreaterThan(2100);
    expect(await toastBytes(db)).toBe(0);
    const hits = await searchKnowledge(db, { query: 'carrier pickup missed', k: 1, mode: 'vector' }, { embedder });
    // Read back whole: the hit's text and its embedding's distance come from the inline row.
    expect(hits[0]?.citation.ref).toMatch(/^inline-rows#/);
    expect(hits[0]?.content).toContain('carrier');
  });

  it('still toasts a chunk larger than a page', async () => {
    const huge = Array.from({ length: 2000 }, (_, index) => `w${index.toString(36)}x`).join(' ');
    await ingestDocuments(db, [markdownDocument('huge-row', `# Huge row\n\n${huge}`, { title: 'Huge row' })], {
      embedder,
      chunking: { targetSize: 20_000, overlap: 0 },
    });
    expect(await toastBytes(db)).toBeGreaterThan(0);
  });
});
