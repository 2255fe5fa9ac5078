import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../../ingestion/loaders/markdown-blocks.ts';
import { LocalHashEmbeddings } from '../embeddings/local-hash-embeddings.ts';

// knowledge_text_query: websearch_to_tsquery's terms OR-ed, leaving out terms most chunks contain.
describe('knowledge_text_query', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  const textQuery = async (input: string): Promise<string> =>
    (await db.query<{ query: string }>('SELECT knowledge_text_query($1)::text AS query', [input])).rows[0]!.query;
  const setStats = (total: number, stats: Record<string, number>): Promise<void> =>
    asOperator(db, async (tx) => {
      await tx.query(
        `INSERT INTO knowledge_index (embedder, dimension, chunk_count) VALUES ('test', 384, $1)
                      ON CONFLICT (singleton) DO UPDATE SET chunk_count = EXCLUDED.chunk_count`,
        [total],
      );
      await tx.query('DELETE FROM knowledge_term_stats');
      for (const [lexeme, chunks] of Object.entries(stats))
        await tx.query('INSERT INTO knowledge_term_stats VALUES ($1, $2)', [lexeme, chunks]);
    });

  it('ORs every term while there are no statistics, keeping phrases and exclusions', async () => {
    await setStats(0, {});
    expect(await textQuery('customer got "charged twice" -refund')).toBe("( 'custom' | 'got' | 'charg' <-> 'twice' ) & !'refund'");
    expect(await textQuery('the of and')).toBe('');
    expect(await textQuery('"&&| !! (( ))')).toBe('');
  });

  it('leaves out terms found in more than 30% of chunks', async () => {
    await setStats(100, { order: 80, custom: 40, refund: 10, charg: 5 });
    expect(await textQuery('customer order refund charge')).toBe("'refund' | 'charg'");
    // A phrase is as common as its rarest word.
    expect(await textQuery('"order refund" customer')).toBe("'order' <-> 'refund'");
    // When every term is common, the two rarest stay.
    expect(await textQuery('order customer')).toBe("'order' | 'custom'");
    // Unknown words (no statistics) count as rare.
    expect(await textQuery('order zebra')).toBe("'zebra'");
  });

  it('keeps the rarest terms within the match budget on a large index', async () => {
    await setStats(100_000, { alpha: 4000, beta: 3000, gamma: 2500, delta: 20 });
    // Rarest first: delta (20), gamma (2520), beta would reach 5520 > 5000.
    expect(await textQuery('alpha beta gamma delta')).toBe("'gamma' | 'delta'");
  });
});

describe('term statistics', () => {
  it('count global chunks only, so private vocabulary stays private', async () => {
    const db = await createTestDb();
    try {
      const tenant = await createTenant(db, { slug: 'acme', name: 'Acme' });
      const markdown = (text: string): { body: string; blocks: ReturnType<typeof parseMarkdownBlocks> } => ({
        body: text,
        blocks: parseMarkdownBlocks(text),
      });
      await ingestDocuments(
        db,
        [
          {
            id: 'global-doc',
            title: 'Carrier claims',
            type: 'sop',
            appliesTo: [],
            actions: [],
            systems: [],
            sourcePath: 'a.md',
            format: 'markdown',
            ...markdown('## Claims\n\nFile carrier claims within 30 days.'),
          },
          {
            id: 'acme-secret',
            title: 'Acme zanzibar terms',
            type: 'policy',
            appliesTo: [],
            actions: [],
            systems: [],
            visibility: 'acme',
            sourcePath: 'b.md',
            format: 'markdown',
            ...markdown('## Terms\n\nZanzibar pricing applies.'),
          },
        ],
        { embedder: new LocalHashEmbeddings() },
      );
      expect(tenant.slug).toBe('acme');
      const stats = await asOperator(db, (tx) => tx.query<{ lexeme: string }>('SELECT lexeme FROM knowledge_term_stats'));
      const lexemes = stats.rows.map((row) => row.lexeme);
      expect(lexemes).toContain('carrier');
      expect(lexemes).not.toContain('zanzibar');
      const total = await asOperator(db, (tx) => tx.query<{ chunk_count: number }>('SELECT chunk_count FROM knowledge_index'));
      expect(total.rows[0]!.chunk_count).toBe(1);
    } finally {
      await db.close();
    }
  });
});
