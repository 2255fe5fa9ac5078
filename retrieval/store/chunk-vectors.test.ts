import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { markdownDocument as documentOf } from '../../ingestion/testing/markdown-document.ts';
import { LocalHashEmbeddings } from '../embeddings/local-hash-embeddings.ts';
import { countCurrentChunks, readCurrentChunkVectors } from './chunk-vectors.ts';

const embedder = new LocalHashEmbeddings();
describe('current chunk vectors', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
    await ingestDocuments(db, [documentOf('rb-a', '# A\n\n## One\n\nFirst.\n\n## Two\n\nSecond.'), documentOf('rb-b', '# B\n\nOnly.')], {
      embedder,
    });
    // A new version of rb-b: its old chunk leaves search and must not be listed.
    await ingestDocuments(db, [documentOf('rb-b', '# B\n\nOnly, edited.')], { embedder });
  });
  afterAll(async () => db.close());

  it('counts and pages the current chunks with their embeddings, in a stable order', async () => {
    const total = await asOperator(db, (tx) => countCurrentChunks(tx));
    const all = await asOperator(db, (tx) => readCurrentChunkVectors(tx, { offset: 0, limit: 100 }));
    expect(all).toHaveLength(total);
    expect(all.map((chunk) => chunk.documentId).sort()).toEqual(['rb-a', 'rb-a', 'rb-b']);
    expect(all.find((chunk) => chunk.documentId === 'rb-b')!.content).toContain('edited');
    expect(all[0]!.embedding).toHaveLength((await embedder.embedQuery('x')).length);
    expect(all[0]!.citation).toMatch(/^rb-[ab]#/);
    const pages = [
      ...(await asOperator(db, (tx) => readCurrentChunkVectors(tx, { offset: 0, limit: 2 }))),
      ...(await asOperator(db, (tx) => readCurrentChunkVectors(tx, { offset: 2, limit: 2 }))),
    ];
    expect(pages).toEqual(all);
  });
});
