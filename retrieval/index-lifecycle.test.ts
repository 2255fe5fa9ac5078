import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { asOperator } from '../core/db/tenant-scope.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { ingestDocuments } from '../ingestion/ingest-documents.ts';
import { markdownDocument } from '../ingestion/testing/markdown-document.ts';
import { LocalHashEmbeddings } from './embeddings/local-hash-embeddings.ts';
import { hasVectorIndex, reindexKnowledge } from './index-lifecycle.ts';
import { embeddingColumnDimension, readIndexInfo } from './index-metadata.ts';
import { buildIndexText } from './index-text.ts';
import { searchKnowledge } from './search/search-knowledge.ts';

describe('embedder binding and --reindex', () => {
  let db: Database;
  const original = new LocalHashEmbeddings();
  const smaller = new LocalHashEmbeddings({ dimension: 64 });

  beforeAll(async () => {
    db = await createTestDb();
    await ingestDocuments(
      db,
      [
        markdownDocument(
          'rb-erp',
          '# ERP sync\n\n## Retry\n\nRetry the sync after fixing the mapping.\n\n## Escalate\n\nEscalate after three failures.',
        ),
      ],
      {
        embedder: original,
      },
    );
  });
  afterAll(() => db.close());

  it('records the embedder the index was built with', async () => {
    expect(await asOperator(db, (tx) => readIndexInfo(tx))).toMatchObject({ embedder: original.id, dimension: 384 });
    expect(original.id).not.toBe(smaller.id);
  });

  it('refuses to ingest or search with a different embedder, naming the fix', async () => {
    const mismatch = { code: 'index_mismatch', message: expect.stringContaining('copilot ingest --reindex') };
    await expect(ingestDocuments(db, [markdownDocument('rb-other', '# Other\n\nText.')], { embedder: smaller })).rejects.toMatchObject(
      mismatch,
    );
    await expect(searchKnowledge(db, { query: 'retry the sync' }, { embedder: smaller })).rejects.toMatchObject(mismatch);
  });

  it('rebuilds every current chunk with the new embedder, re-typing the vector column', async () => {
    const report = await reindexKnowledge(db, smaller);
    expect(report).toEqual({ embedder: smaller.id, dimension: 64, chunks: 2, documents: 1 });
    expect(await embeddingColumnDimension(db)).toBe(64);
    expect(await hasVectorIndex(db)).toBe(true);
    expect(await asOperator(db, (tx) => readIndexInfo(tx))).toMatchObject({ embedder: smaller.id, dimension: 64 });

    // Every stored vector is the new embedder's for its chunk (sent in pgvector's binary form: float4).
    const stored = await asOperator(db, (tx) =>
      tx.query<{ title: string; heading_path: string[]; content: string; embedding: string }>(
        'SELECT title, heading_path, content, embedding::text AS embedding FROM knowledge_chunks WHERE is_current ORDER BY id',
      ),
    );
    const expected = await smaller.embedDocuments(stored.rows.map((row) => buildIndexText(row.title, row.heading_path, row.content)));
    stored.rows.forEach((row, index) => {
      expect(JSON.parse(row.embedding)).toEqual(expected[index]!.map((value) => expect.closeTo(Math.fround(value), 6)));
    });

    const hits = await searchKnowledge(
      db,
      { query: 'retry the sync after fixing the mapping', mode: 'vector', k: 1 },
      { embedder: smaller },
    );
    expect(hits[0]!.citation.ref).toBe('rb-erp#retry');
    expect(hits[0]!.score.vector!.similarity).toBeGreaterThan(0.5);
    await expect(searchKnowledge(db, { query: 'retry' }, { embedder: original })).rejects.toMatchObject({ code: 'index_mismatch' });
    // Ingesting with the new embedder works again.
    const added = await ingestDocuments(db, [markdownDocument('rb-other', '# Other\n\nText.')], { embedder: smaller });
    expect(added.added).toHaveLength(1);
  });

  it('rebuilds a vector index a crashed bulk load left missing', async () => {
    await db.exec('DROP INDEX knowledge_chunks_embedding_idx');
    await ingestDocuments(db, [], { embedder: smaller });
    expect(await hasVectorIndex(db)).toBe(true);
  });
});
