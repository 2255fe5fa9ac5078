import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../core/db/database.ts';
import { settingsStatement } from '../../core/db/scoped-statements.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../../ingestion/loaders/markdown-blocks.ts';
import type { SourceDocument } from '../../ingestion/source-document.ts';
import { LocalHashEmbeddings } from '../embeddings/local-hash-embeddings.ts';
import { LocalSemanticEmbeddings } from '../embeddings/local-semantic-embeddings.ts';
import { reindexKnowledge } from '../index-lifecycle.ts';
import { cachedSearchContextVersions, forgetSearchContexts } from './search-context-cache.ts';
import { searchKnowledge, searchKnowledgeInTransaction } from './search-knowledge.ts';

const embedder = new LocalSemanticEmbeddings();

const doc = (id: string, markdown: string, visibility?: string): SourceDocument => ({
  id,
  title: markdown.split('\n')[0]!.replace(/^#\s*/, ''),
  type: 'runbook',
  appliesTo: [],
  actions: [],
  systems: [],
  ...(visibility ? { visibility } : {}),
  sourcePath: `${id}.md`,
  format: 'markdown',
  body: markdown,
  blocks: parseMarkdownBlocks(markdown),
});

/** The database with every statement's text recorded (context queries are told apart by their text). */
function recording(inner: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const wrap = (tx: Tx): Tx => ({
    ...tx,
    query(sql, params, options) {
      statements.push(sql);
      return tx.query(sql, params, options);
    },
  });
  const db: Database = {
    ...inner,
    query(sql, params, options) {
      statements.push(sql);
      return inner.query(sql, params, options);
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    // A scoped statement's settings and the statement itself, as a transaction would have run them.
    ...(inner.scopedQuery
      ? {
          scopedQuery: (sql, params, options) => {
            if (options.settings.length) statements.push(settingsStatement(options.settings).sql);
            statements.push(sql);
            return inner.scopedQuery!(sql, params, options);
          },
        }
      : {}),
  };
  return { db, statements };
}
const contextReads = (statements: readonly string[]): number => statements.filter((sql) => sql.includes('AS word_chunks')).length;

describe('search contexts cached per index version', () => {
  let base: Database;
  let acme: Tenant;
  let globex: Tenant;

  beforeAll(async () => {
    base = await createTestDb();
    acme = await createTenant(base, { slug: 'acme-cache', name: 'Acme' });
    globex = await createTenant(base, { slug: 'globex-cache', name: 'Globex' });
    const report = await ingestDocuments(
      base,
      [
        doc('rb-parcel', '# Parcel delayed\n\n## Carrier\n\nAsk the carrier for a new delivery date when a parcel is late.'),
        doc('rb-refund', '# Duplicate charge\n\n## Refund\n\nVoid the second capture and refund the customer who was charged twice.'),
        doc(
          'acme-zeppelin',
          '# Acme zeppelin returns\n\n## Deflating\n\nDeflate every returned zeppelin before restocking it.',
          'acme-cache',
        ),
      ],
      { embedder },
    );
    expect(report.skipped).toEqual([]);
  });
  afterAll(() => base.close());

  it('reads the context once and then runs a search with known words as one scoped statement, with the same hits', async () => {
    forgetSearchContexts();
    const { db, statements } = recording(base);
    const query = 'the parcel is late, ask the carrier';
    const first = await searchKnowledge(db, { query, k: 3 }, { embedder });
    expect(contextReads(statements)).toBe(1);
    statements.length = 0;
    const second = await searchKnowledge(db, { query, k: 3 }, { embedder });
    expect(second).toEqual(first);
    expect(first[0]!.documentId).toBe('rb-parcel');
    expect(contextReads(statements)).toBe(0);
    // The settings statement (role, tenant and the HNSW scan settings together) and the search.
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain('set_config');
    // A word not counted yet needs the context again.
    statements.length = 0;
    await searchKnowledge(db, { query: 'parcel delivery date', k: 3 }, { embedder });
    expect(contextReads(statements)).toBe(1);
  });

  it('keeps a private runbook its tenant’s on the cached path', async () => {
    const { db, statements } = recording(base);
    const query = 'deflate the returned zeppelin';
    for (let round = 0; round < 3; round++) {
      for (const mode of ['hybrid', 'vector', 'text'] as const) {
        const asAcme = await searchKnowledge(db, { tenantId: acme.id, query, k: 5, mode }, { embedder });
        const asGlobex = await searchKnowledge(db, { tenantId: globex.id, query, k: 5, mode }, { embedder });
        const global = await searchKnowledge(db, { query, k: 5, mode }, { embedder });
        expect(asAcme.map((hit) => hit.documentId)).toContain('acme-zeppelin');
        expect(asGlobex.map((hit) => hit.documentId)).not.toContain('acme-zeppelin');
        expect(global.map((hit) => hit.documentId)).not.toContain('acme-zeppelin');
      }
    }
    // Only the very first search read the context: the rest ran as one scoped statement each.
    expect(contextReads(statements)).toBeLessThanOrEqual(1);
  });

  it('forgets every context when this process ingests, and finds what the ingest added', async () => {
    const query = 'pallet wrapping machine jammed';
    await searchKnowledge(base, { query, k: 3 }, { embedder });
    expect(cachedSearchContextVersions()).toBeGreaterThan(0);
    await ingestDocuments(
      base,
      [doc('rb-pallet', '# Pallet wrapping\n\n## Jammed machine\n\nClear the jammed wrapping machine, then re-wrap the pallet.')],
      {
        embedder,
      },
    );
    expect(cachedSearchContextVersions()).toBe(0);
    const hits = await searchKnowledge(base, { query, k: 3 }, { embedder });
    expect(hits[0]!.documentId).toBe('rb-pallet');
  });

  it('notices an index version written elsewhere and reads the context again', async () => {
    const { db, statements } = recording(base);
    const query = 'customer charged twice refund';
    const before = await searchKnowledge(db, { query, k: 3 }, { embedder });
    await searchKnowledge(db, { query, k: 3 }, { embedder });
    // Another process refreshed the statistics: the row's version changes, this process's cache does not know.
    await asOperator(base, (tx) => tx.query('UPDATE knowledge_index SET chunk_count = chunk_count'));
    expect(cachedSearchContextVersions()).toBeGreaterThan(0);
    statements.length = 0;
    const after = await searchKnowledge(db, { query, k: 3 }, { embedder });
    expect(after.map((hit) => hit.chunkId)).toEqual(before.map((hit) => hit.chunkId));
    // The scoped statement answered with the new version, so the search read the context and ran again.
    expect(contextReads(statements)).toBe(1);
    statements.length = 0;
    await searchKnowledge(db, { query, k: 3 }, { embedder });
    expect(contextReads(statements)).toBe(0);
  });

  it('inside a caller’s transaction, replaces the context query by the scan settings when the last context counts the words', async () => {
    const { db, statements } = recording(base);
    const query = 'returned zeppelin deflate';
    const search = (tenantId: string) => withTenant(db, tenantId, (tx) => searchKnowledgeInTransaction(tx, { query, k: 5 }, { embedder }));
    const first = await search(acme.id);
    expect(first.map((hit) => hit.documentId)).toContain('acme-zeppelin');
    statements.length = 0;
    const again = await search(acme.id);
    expect(again).toEqual(first);
    expect(contextReads(statements)).toBe(0);
    expect((await search(globex.id)).map((hit) => hit.documentId)).not.toContain('acme-zeppelin');
    // Another process writes: the statement's version differs, so the context is read and the search run again.
    await asOperator(base, (tx) => tx.query('UPDATE knowledge_index SET chunk_count = chunk_count'));
    statements.length = 0;
    expect(await search(acme.id)).toEqual(first);
    expect(contextReads(statements)).toBe(1);
  });

  // Last: it re-embeds the shared index with another embedder.
  it('forgets every context on a re-index, so the old embedder is refused by name and the new one searches', async () => {
    const query = 'customer charged twice refund';
    await searchKnowledge(base, { query, k: 3 }, { embedder });
    await searchKnowledge(base, { query, k: 3 }, { embedder });
    expect(cachedSearchContextVersions()).toBeGreaterThan(0);
    const hashed = new LocalHashEmbeddings();
    await reindexKnowledge(base, hashed);
    expect(cachedSearchContextVersions()).toBe(0);
    await expect(searchKnowledge(base, { query, k: 3 }, { embedder })).rejects.toMatchObject({ code: 'index_mismatch' });
    for (let round = 0; round < 2; round++) {
      const hits = await searchKnowledge(base, { query, k: 3, mode: 'vector' }, { embedder: hashed });
      expect(hits[0]!.documentId).toBe('rb-refund');
    }
  });
});
