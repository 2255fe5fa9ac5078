import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { asOperator } from '../core/db/tenant-scope.ts';
import { createTenant } from '../core/tenants/tenants.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { LocalHashEmbeddings } from '../retrieval/embeddings/local-hash-embeddings.ts';
import { hasPostingsIndex, hasPostingsKey, hasVectorIndex } from '../retrieval/index-lifecycle.ts';
import { searchKnowledge } from '../retrieval/search/search-knowledge.ts';
import type { SearchMode } from '../retrieval/search/search-types.ts';
import { ingestDocuments } from './ingest-documents.ts';
import { markdownDocument } from './testing/markdown-document.ts';
import type { SourceDocument } from './source-document.ts';

const embedder = new LocalHashEmbeddings();
const WORDS =
  'pick pack ship carrier label manifest wave slot replenish cycle count variance reorder receipt putaway dock refund chargeback invoice hold'.split(
    ' ',
  );

/** Deterministic documents of several sections each, words drawn from a small vocabulary so terms repeat across chunks. */
function corpus(count: number): SourceDocument[] {
  let seed = 11;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const sentence = (): string =>
    Array.from({ length: 6 + Math.floor(next() * 10) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  return Array.from({ length: count }, (_, index) => {
    const sections = Array.from(
      { length: 3 },
      (_, section) => `## ${WORDS[(index + section) % WORDS.length]} step ${section}\n\n${sentence()}. ${sentence()}.`,
    );
    return markdownDocument(`bulk-${index}`, `# Bulk ${index}\n\n${sections.join('\n\n')}`, {
      title: `Bulk ${index} ${WORDS[index % WORDS.length]}`,
      ...(index % 9 === 4 ? { visibility: 'acme' } : {}),
    });
  });
}

interface IndexContent {
  postings: Array<{ citation: string; lexeme: string; tenant: boolean; impact: number }>;
  lengths: Record<string, unknown>;
}

async function indexContent(db: Database): Promise<IndexContent> {
  return asOperator(db, async (tx) => {
    const postings = await tx.query<IndexContent['postings'][number]>(
      `SELECT c.citation, p.lexeme, p.tenant_id IS NOT NULL AS tenant, p.impact
       FROM knowledge_postings p JOIN knowledge_chunks c ON c.id = p.chunk_id ORDER BY c.citation, p.lexeme`,
    );
    const lengths = await tx.query('SELECT title_length_total, body_length_total, length_chunks, chunk_count FROM knowledge_index');
    return { postings: postings.rows, lengths: lengths.rows[0]! };
  });
}

const ranking = async (db: Database, query: string, mode: SearchMode): Promise<string[]> =>
  (await searchKnowledge(db, { query, mode, k: 10 }, { embedder })).map((hit) => `${hit.citation.ref} ${hit.score.rrf.toFixed(6)}`);

// A bulk load defers the vector index, the postings index and (when it replaces nothing) the postings'
// key, and writes document rows and locks in batches; what it stores must equal a plain load's.
describe('bulk load', () => {
  let plain: Database;
  let bulk: Database;
  const documents = corpus(24);

  beforeAll(async () => {
    plain = await createTestDb();
    bulk = await createTestDb();
    for (const db of [plain, bulk]) await createTenant(db, { slug: 'acme', name: 'Acme' });
    // The same batches (so the same statements compute the postings' length averages), with and without deferral.
    await ingestDocuments(plain, documents, { embedder, batchSize: 8, deferVectorIndex: false });
    await ingestDocuments(bulk, documents, { embedder, batchSize: 8, deferVectorIndex: true });
  });
  afterAll(async () => {
    await plain?.close();
    await bulk?.close();
  });

  it('stores the same postings and field lengths as a load that keeps its indexes', async () => {
    const expected = await indexContent(plain);
    expect(expected.postings.length).toBeGreaterThan(500);
    expect(expected.postings.some((posting) => posting.tenant)).toBe(true);
    expect(await indexContent(bulk)).toEqual(expected);
  });

  it('ranks every mode the same', async () => {
    for (const query of ['refund the chargeback', 'carrier label manifest', 'cycle count variance at the dock']) {
      for (const mode of ['hybrid', 'vector', 'text'] as const) {
        const expected = await ranking(plain, query, mode);
        expect(expected.length, `${mode}: ${query}`).toBeGreaterThan(0);
        expect(await ranking(bulk, query, mode), `${mode}: ${query}`).toEqual(expected);
      }
    }
  });

  it('leaves the postings key and both indexes in place, and a later load restores a key a crash left missing', async () => {
    expect(await hasPostingsKey(bulk)).toBe(true);
    expect(await hasPostingsIndex(bulk)).toBe(true);
    expect(await hasVectorIndex(bulk)).toBe(true);
    await bulk.exec('ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_pkey');
    await ingestDocuments(bulk, [], { embedder });
    expect(await hasPostingsKey(bulk)).toBe(true);
  });

  it('replaces versions in a bulk load (the postings key kept for the deletes) with the same result as a plain load', async () => {
    const edited = documents.map((document, index) =>
      index % 3 === 0
        ? markdownDocument(document.id, `${document.body}\n\n## Addendum\n\nrefund hold ${index}`, {
            title: document.title,
            ...(document.visibility ? { visibility: document.visibility } : {}),
          })
        : document,
    );
    const plainReport = await ingestDocuments(plain, edited, { embedder, batchSize: 8, deferVectorIndex: false });
    const bulkReport = await ingestDocuments(bulk, edited, { embedder, batchSize: 8, deferVectorIndex: true });
    expect(bulkReport.updated.map((entry) => entry.documentId)).toEqual(plainReport.updated.map((entry) => entry.documentId));
    expect(bulkReport.updated.length).toBe(8);
    expect(await indexContent(bulk)).toEqual(await indexContent(plain));
    expect(await hasPostingsKey(bulk)).toBe(true);
  });
});
