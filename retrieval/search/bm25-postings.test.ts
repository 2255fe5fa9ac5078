import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../../ingestion/loaders/markdown-blocks.ts';
import type { SourceDocument } from '../../ingestion/source-document.ts';
import { LocalHashEmbeddings } from '../embeddings/local-hash-embeddings.ts';
import { searchKnowledge } from './search-knowledge.ts';

const embedder = new LocalHashEmbeddings();
const doc = (id: string, markdown: string, visibility?: string): SourceDocument => ({
  id,
  title: markdown.split('\n')[0]!.replace(/^#\s*/, ''),
  type: 'sop',
  appliesTo: [],
  actions: [],
  systems: [],
  ...(visibility ? { visibility } : {}),
  sourcePath: `${id}.md`,
  format: 'markdown',
  body: markdown,
  blocks: parseMarkdownBlocks(markdown),
});
const textRanking = async (db: Database, query: string, tenantId?: string): Promise<string[]> =>
  (await searchKnowledge(db, { query, mode: 'text', k: 10, perDocumentCap: 1, ...(tenantId ? { tenantId } : {}) }, { embedder })).map(
    (hit) => hit.documentId,
  );

// BM25F over the postings the triggers derive from the chunks.
describe('BM25 text ranking', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
    await createTenant(db, { slug: 'acme', name: 'Acme' });
    await ingestDocuments(
      db,
      [
        doc('common', '# Order notes\n\nThe order ships. The order is packed. Every order has a note.'),
        doc('rare', '# Parcel tracing\n\nAsk the ombudsman to trace a lost parcel for this order.'),
        doc('titled', '# Chargeback disputes\n\nCollect the evidence and answer before the deadline.'),
        doc('mentioned', '# Card payments\n\nA chargeback can follow a card payment; see the disputes guide.'),
        ...Array.from({ length: 6 }, (_, index) => doc(`filler-${index}`, `# Filler ${index}\n\nThe order of steps for the order desk.`)),
        doc('acme-secret', '# Zanzibar terms\n\nZanzibar pricing for the order.', 'acme'),
      ],
      { embedder },
    );
  });
  afterAll(() => db.close());

  it('weighs rare words above common ones (IDF), so one rare match beats many common ones', async () => {
    expect((await textRanking(db, 'order lost parcel'))[0]).toBe('rare');
  });

  it('weighs a word in the title above the same word in the text', async () => {
    expect((await textRanking(db, 'chargeback')).slice(0, 2)).toEqual(['titled', 'mentioned']);
  });

  it('stems queries as the index does, and treats hyphenated words like their parts', async () => {
    expect((await textRanking(db, 'tracing parcels'))[0]).toBe('rare');
    expect((await textRanking(db, 'charge-back disputes'))[0]).toBe('titled');
  });

  it('keeps postings of current chunks only, and private postings private', async () => {
    await ingestDocuments(db, [doc('rare', '# Parcel tracing\n\nAsk the courier to find the missing box.')], { embedder });
    expect(await textRanking(db, 'ombudsman')).toEqual([]);
    expect((await textRanking(db, 'courier'))[0]).toBe('rare');
    expect(await textRanking(db, 'zanzibar')).toEqual([]);
    const acme = await asOperator(
      db,
      async (tx) => (await tx.query<{ id: string }>(`SELECT id FROM tenants WHERE slug = 'acme'`)).rows[0]!.id,
    );
    expect(await textRanking(db, 'zanzibar', acme)).toEqual(['acme-secret']);
    const visible = await withTenant(db, acme, (tx) =>
      tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM knowledge_postings WHERE tenant_id IS NOT NULL`),
    );
    expect(visible.rows[0]!.n).toBeGreaterThan(0);
    const orphans = await asOperator(db, (tx) =>
      tx.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM knowledge_postings p JOIN knowledge_chunks c ON c.id = p.chunk_id WHERE NOT c.is_current',
      ),
    );
    expect(orphans.rows[0]!.n).toBe(0);
  });
});
