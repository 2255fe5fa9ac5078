import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../../ingestion/loaders/markdown-blocks.ts';
import type { SourceDocument } from '../../ingestion/source-document.ts';
import { LocalHashEmbeddings } from '../embeddings/local-hash-embeddings.ts';
import { buildFusedStatement, buildSearchStatement } from './hybrid-search-sql.ts';

/** Row values compared across statements: numbers (bigint text or float) rounded, the rest as is. */
const normalise = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?(e-?\d+)?$/.test(value))
        ? Number(Number(value).toPrecision(10))
        : value,
    ]),
  );
import { DEFAULT_SEARCH_TUNING, searchKnowledge, searchKnowledgeInTransaction } from './search-knowledge.ts';

const embedder = new LocalHashEmbeddings();

const doc = (id: string, type: string, appliesTo: string[], markdown: string, visibility?: string): SourceDocument => ({
  id,
  title: markdown.split('\n')[0]!.replace(/^#\s*/, ''),
  type,
  appliesTo,
  actions: [],
  systems: [],
  ...(visibility ? { visibility } : {}),
  sourcePath: `${id}.md`,
  format: 'markdown',
  body: markdown,
  blocks: parseMarkdownBlocks(markdown),
});

// Filler that shares vocabulary with the private documents, so a filtered vector scan has to walk
// past many closer global chunks before it finds enough of the tenant's own.
const FILLER_TOPICS = [
  'refund approval',
  'carrier delay',
  'credit hold release',
  'cycle count variance',
  'erp sync retry',
  'address correction',
];
function fillerDocuments(count: number): SourceDocument[] {
  return Array.from({ length: count }, (_, index) => {
    const topic = FILLER_TOPICS[index % FILLER_TOPICS.length]!;
    const sections = Array.from(
      { length: 5 },
      (_, section) =>
        `## Step ${section + 1} for ${topic}\n\nFor the ${topic} case ${index}, check the order refund and the approver notes, then record step ${section + 1}.`,
    ).join('\n\n');
    return doc(`filler-${index}`, 'sop', [], `# Filler ${topic} ${index}\n\n${sections}`);
  });
}

describe('searchKnowledge', () => {
  let db: Database;
  let acme: Tenant;
  let globex: Tenant;

  beforeAll(async () => {
    db = await createTestDb();
    acme = await createTenant(db, { slug: 'acme', name: 'Acme' });
    globex = await createTenant(db, { slug: 'globex', name: 'Globex' });
    const documents = [
      doc(
        'rb-oversell',
        'runbook',
        ['stock_conflict'],
        '# Oversell triage\n\n## Check first\n\nCompare on-hand with allocated quantity at the node; the stock conflict is real when pickable units are short.\n\n## Reallocate\n\nMove the short line to another warehouse with available stock.\n\n## Escalation\n\nPage the fulfilment lead when more than 25 lines are short.',
      ),
      doc(
        'rb-payment',
        'runbook',
        ['payment_mismatch'],
        '# Payment mismatch\n\n## Double capture\n\nWhen the customer was charged twice, void the second capture and refund the difference.\n\n## Tolerance\n\nDifferences under one cent are rounding.',
      ),
      doc(
        'pol-refunds',
        'policy',
        ['payment_mismatch', 'return_inspection_overdue'],
        '# Refund approval matrix\n\n## Thresholds\n\nRefunds above 250 dollars need an approver; above 2500 an admin.',
      ),
      doc(
        'acme-refund-terms',
        'policy',
        ['payment_mismatch'],
        '# Acme contract refund terms\n\n## Terms\n\nAcme refunds are approved within 14 days under the master services agreement.\n\n## Approvals\n\nThe Acme account manager approves refunds over 1000 dollars.\n\n## Exceptions\n\nDamaged freight is refunded without inspection.',
        'acme',
      ),
      doc(
        'globex-refund-terms',
        'policy',
        ['payment_mismatch'],
        '# Globex contract refund terms\n\n## Terms\n\nGlobex refunds need the account manager and a credit memo.',
        'globex',
      ),
      ...fillerDocuments(150),
    ];
    const report = await ingestDocuments(db, documents, { embedder, batchSize: 100, deferVectorIndex: true });
    expect(report.skipped).toEqual([]);
  });
  afterAll(() => db.close());

  it('finds the runbook in every mode, with a score breakdown', async () => {
    for (const mode of ['hybrid', 'vector', 'text'] as const) {
      const hits = await searchKnowledge(db, { query: 'stock conflict: pickable units short at the node', mode, k: 3 }, { embedder });
      expect(hits[0]!.documentId, mode).toBe('rb-oversell');
      expect(hits[0]!.citation).toMatchObject({
        ref: expect.stringMatching(/^rb-oversell#/),
        title: 'Oversell triage',
        documentId: 'rb-oversell',
        version: 1,
      });
      expect(hits[0]!.score.vector === null).toBe(mode === 'text');
      expect(hits[0]!.score.text === null).toBe(mode === 'vector');
    }
    const [top] = await searchKnowledge(db, { query: 'stock conflict pickable units short', k: 1 }, { embedder });
    // RRF: each list contributes weight / (k + rank) (defaults: k 60, both weights 1).
    const expected = (top!.score.vector ? 1 / (60 + top!.score.vector.rank) : 0) + (top!.score.text ? 1 / (60 + top!.score.text.rank) : 0);
    expect(top!.score.rrf).toBeCloseTo(expected, 10);
  });

  it('reaches pages that use a neighbouring word when neighbour expansion is on, below the user’s own words', async () => {
    // No document says "depots"; the oversell runbook says "warehouse", a word-vector neighbour (the
    // ops synonyms, which know depots too, are off here).
    const tuning = {
      ...DEFAULT_SEARCH_TUNING,
      expandTextQuery: false,
      neighbours: { perWord: 2, minSimilarity: 0.55, weight: 0.6, searchWords: 30_000 },
    };
    const withoutNeighbours = await searchKnowledge(
      db,
      { query: 'depots', mode: 'text', k: 3 },
      { embedder, tuning: { ...tuning, neighbours: { ...tuning.neighbours, perWord: 0 } } },
    );
    expect(withoutNeighbours).toEqual([]);
    const hits = await searchKnowledge(db, { query: 'depots', mode: 'text', k: 3 }, { embedder, tuning });
    expect(hits[0]!.documentId).toBe('rb-oversell');
    // Below the user's own words: the neighbour's match scores less than the same word typed.
    const typed = await searchKnowledge(db, { query: 'warehouse', mode: 'text', k: 3 }, { embedder, tuning });
    expect(typed[0]!.documentId).toBe('rb-oversell');
    expect(hits[0]!.score.text!.score).toBeLessThan(typed[0]!.score.text!.score);
  });

  it('filters by document type and applies_to', async () => {
    const policies = await searchKnowledge(db, { query: 'refund approval', k: 10, filters: { types: ['policy'] } }, { embedder });
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.every((hit) => hit.docType === 'policy')).toBe(true);
    const payment = await searchKnowledge(db, { query: 'refund', k: 10, filters: { appliesTo: ['payment_mismatch'] } }, { embedder });
    expect(new Set(payment.map((hit) => hit.documentId))).toEqual(new Set(['rb-payment', 'pol-refunds']));
  });

  it('caps chunks per document', async () => {
    const hits = await searchKnowledge(db, { query: 'refund approval step', k: 20, mode: 'vector', perDocumentCap: 1 }, { embedder });
    expect(new Set(hits.map((hit) => hit.documentId)).size).toBe(hits.length);
    const two = await searchKnowledge(db, { query: 'refund approval step', k: 20, mode: 'vector', perDocumentCap: 2 }, { embedder });
    const perDocument = new Map<string, number>();
    for (const hit of two) perDocument.set(hit.documentId, (perDocument.get(hit.documentId) ?? 0) + 1);
    expect(Math.max(...perDocument.values())).toBe(2);
  });

  it('widens a vector scan when the per-document cap leaves fewer than k passages', async () => {
    // Each filler document has five near-identical sections: a top-2k scan (16 chunks) holds only a
    // few documents, so one passage per document leaves fewer than 8 until the pool is widened.
    const request = { query: 'credit hold release step case', k: 8, mode: 'vector' as const, perDocumentCap: 1 };
    const hits = await searchKnowledge(db, request, { embedder });
    expect(hits).toHaveLength(8);
    expect(new Set(hits.map((hit) => hit.documentId)).size).toBe(8);
    const full = await searchKnowledge(db, request, { embedder, tuning: { ...DEFAULT_SEARCH_TUNING, candidates: 40 } });
    expect(hits.map((hit) => hit.chunkId)).toEqual(full.map((hit) => hit.chunkId));
  });

  it('weighs the text list by how much of the question its best match holds, when asked to', async () => {
    // Most of these words are in no document: the best text match holds a small part of the question.
    const query = 'charged twice quokka xylophone zeppelin marmalade';
    const fixed = await searchKnowledge(db, { query, k: 10 }, { embedder });
    const weighed = await searchKnowledge(
      db,
      { query, k: 10 },
      { embedder, tuning: { ...DEFAULT_SEARCH_TUNING, textConfidence: { exponent: 1 } } },
    );
    const before = new Map(fixed.map((hit) => [hit.chunkId, hit]));
    const compared = weighed.filter((hit) => hit.score.text && before.get(hit.chunkId)?.score.text?.rank === hit.score.text.rank);
    expect(compared.length).toBeGreaterThan(0);
    for (const hit of compared) {
      const vector = hit.score.vector ? 1 / (60 + hit.score.vector.rank) : 0;
      const text = hit.score.rrf - vector;
      expect(text).toBeGreaterThan(0);
      expect(text).toBeLessThan(1 / (60 + hit.score.text!.rank));
    }
  });

  it('never returns another tenant’s private documents', async () => {
    for (const mode of ['hybrid', 'vector', 'text'] as const) {
      const query = 'Globex contract refund terms account manager credit memo';
      const asAcme = await searchKnowledge(db, { tenantId: acme.id, query, mode, k: 50, perDocumentCap: 50 }, { embedder });
      expect(asAcme.map((hit) => hit.documentId)).not.toContain('globex-refund-terms');
      const asGlobex = await searchKnowledge(db, { tenantId: globex.id, query, mode, k: 5 }, { embedder });
      expect(asGlobex[0]!.documentId).toBe('globex-refund-terms');
      expect(asGlobex[0]!.visibility).toBe('tenant');
      // Without a tenant (operator CLI) only global documents are searched.
      const global = await searchKnowledge(db, { query, mode, k: 50, perDocumentCap: 50 }, { embedder });
      expect(global.every((hit) => hit.visibility === 'global')).toBe(true);
    }
    const byId = await searchKnowledge(
      db,
      { tenantId: acme.id, query: 'refund terms', k: 5, filters: { documentIds: ['globex-refund-terms'] } },
      { embedder },
    );
    expect(byId).toEqual([]);
  });

  it('still returns k results for a tenant filter that few chunks pass (iterative index scan)', async () => {
    // Policies visible to Acme: one global chunk and three of its own, among ~750 filler chunks
    // that are closer to the query.
    const query = 'refund approval check the order and the approver notes';
    const filters = { types: ['policy'] };
    const hits = await searchKnowledge(db, { tenantId: acme.id, query, mode: 'vector', k: 3, filters }, { embedder });
    expect(hits.map((hit) => hit.documentId).sort()).toEqual(['acme-refund-terms', 'acme-refund-terms', 'pol-refunds']);

    // The same statement through the HNSW index with iterative scans off finds fewer rows than exist:
    // this is what the setting is for (and proves the index, not a sequential scan, served it).
    const run = async (iterative: 'off' | 'relaxed_order'): Promise<{ rows: number; plan: string }> =>
      withTenant(db, acme.id, async (tx) => {
        await tx.query(`SELECT set_config('hnsw.iterative_scan', $1, true), set_config('hnsw.ef_search', '10', true)`, [iterative]);
        // Small test tables would otherwise be read exactly, without the approximate index.
        await tx.query(`SET LOCAL enable_seqscan = off`);
        await tx.query(`SET LOCAL enable_bitmapscan = off`);
        const statement = buildSearchStatement({
          mode: 'vector',
          vector: `[${(await embedder.embedQuery(query)).join(',')}]`,
          query,
          k: 10,
          candidates: 10,
          perDocumentCap: 10,
          rrfK: 60,
          vectorWeight: 1,
          textWeight: 1,
          fusion: 'chunk',
          filters: { ...filters, globalOnly: false },
        });
        const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.sql}`, statement.params);
        const result = await tx.query(statement.sql, statement.params);
        return { rows: result.rowCount, plan: plan.rows.map((row) => row['QUERY PLAN']).join('\n') };
      });
    const off = await run('off');
    const iterative = await run('relaxed_order');
    expect(off.plan).toContain('knowledge_chunks_embedding_idx');
    expect(off.rows).toBeLessThan(4);
    expect(iterative.rows).toBe(4);
  });

  it('answers vector mode with a lean statement that returns what the fused statement returns', async () => {
    const query = 'refund approval thresholds for the approver';
    for (const [fusion, perDocumentCap] of [
      ['document', 2],
      ['chunk', 1],
      ['document', 10],
    ] as const) {
      const input = {
        mode: 'vector' as const,
        vector: `[${(await embedder.embedQuery(query)).join(',')}]`,
        query,
        k: 8,
        candidates: 50,
        perDocumentCap,
        rrfK: 60,
        vectorWeight: 1,
        textWeight: 1,
        fusion,
        filters: { globalOnly: true },
      };
      const [lean, fused] = await withTenant(db, acme.id, async (tx) => [
        (await tx.query(buildSearchStatement(input).sql, buildSearchStatement(input).params)).rows,
        (await tx.query(buildFusedStatement(input).sql, buildFusedStatement(input).params)).rows,
      ]);
      expect(buildSearchStatement(input).sql).not.toContain('FULL JOIN');
      expect(lean.length).toBe(8);
      // The lean statement also says how many candidates its scan returned (for widening).
      expect(lean.map(({ scanned: _scanned, ...row }) => normalise(row))).toEqual(fused.map((row) => normalise(row)));
    }
  });

  it('searches inside a transaction the caller holds, with that transaction’s visibility', async () => {
    const query = 'Acme contract refund terms master services agreement';
    const inAcme = await withTenant(db, acme.id, (tx) => searchKnowledgeInTransaction(tx, { query, k: 3 }, { embedder }));
    expect(inAcme[0]!.documentId).toBe('acme-refund-terms');
    const inGlobex = await withTenant(db, globex.id, (tx) =>
      searchKnowledgeInTransaction(tx, { query, k: 10, perDocumentCap: 10 }, { embedder }),
    );
    expect(inGlobex.map((hit) => hit.documentId)).not.toContain('acme-refund-terms');
  });

  it('keeps its statements prepared in the embedded database’s session, for tenant and operator searches', async () => {
    const preparedSearches = async (): Promise<number> =>
      (
        await db.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM pg_prepared_statements WHERE statement LIKE '%FROM knowledge_chunks c%' AND statement LIKE '%index_version%'`,
        )
      ).rows[0]!.count;
    const before = await preparedSearches();
    // A statement shape no other test in this file runs: hybrid with two document ids.
    const filters = { documentIds: ['pol-refunds', 'acme-refund-terms'] };
    const first = await searchKnowledge(db, { query: 'refund approval threshold', k: 2, filters }, { embedder });
    expect(first.map((hit) => hit.documentId)).toContain('pol-refunds');
    await searchKnowledge(db, { query: 'refund approval threshold', k: 2, filters, tenantId: acme.id }, { embedder });
    await withTenant(db, acme.id, (tx) => searchKnowledgeInTransaction(tx, { query: 'refund terms', k: 2, filters }, { embedder }));
    expect(await preparedSearches()).toBeGreaterThan(before);
  });

  it('runs unfiltered searches from a generic plan (planned once per session) and leaves filtered ones to the plan cache', async () => {
    // k = 7 appears in no other test here, and the row counts are part of the statement's text.
    const plans = async (filtered: boolean): Promise<{ generic: number; custom: number }> =>
      (
        await db.query<{ generic: number; custom: number }>(
          `SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom
           FROM pg_prepared_statements
           WHERE statement LIKE '%index_version%' AND statement LIKE '%LIMIT 7)%' AND (statement LIKE '%doc_type = ANY%') = $1`,
          [filtered],
        )
      ).rows[0]!;
    const query = 'refund approval threshold for the approver';
    // The first search reads the index context in a transaction of its own (the plan cache decides there).
    await searchKnowledge(db, { query, k: 7, filters: { types: ['policy'] } }, { embedder });
    for (let run = 0; run < 3; run++) {
      for (const mode of ['hybrid', 'vector', 'text'] as const) {
        await searchKnowledge(db, { query, k: 7, mode }, { embedder });
        await searchKnowledge(db, { query, k: 7, mode, filters: { types: ['policy'] } }, { embedder });
      }
    }
    const unfiltered = await plans(false);
    expect(unfiltered.generic).toBeGreaterThanOrEqual(6);
    expect(unfiltered.custom).toBe(0);
    // Words the cached context has not counted: the search reads the context in its own transaction first, also generic.
    await searchKnowledge(db, { query: 'carrier delay escalation window', k: 7, mode: 'hybrid' }, { embedder });
    expect(await plans(false)).toEqual({ generic: unfiltered.generic + 1, custom: 0 });
    // PostgreSQL plans a statement's first five runs for their values before it compares.
    expect((await plans(true)).custom).toBeGreaterThanOrEqual(7);
  });

  it('accepts odd user text without errors', async () => {
    for (const query of ['"unbalanced', '-', 'a & b | !c', "O'Brien's (order)", '🙂', 'the and of']) {
      await expect(searchKnowledge(db, { query, k: 3 }, { embedder })).resolves.toBeInstanceOf(Array);
    }
    await expect(searchKnowledge(db, { query: '   ', k: 3 }, { embedder })).rejects.toThrow(/query is empty/);
  });

  it('refuses to search an index built with another embedder', async () => {
    const other = new LocalHashEmbeddings({ dimension: 384, weights: { word: 1, bigram: 0, charGram: 0, concept: 0 } });
    await expect(searchKnowledge(db, { query: 'refund', k: 3 }, { embedder: other })).rejects.toMatchObject({
      code: 'index_mismatch',
      message: expect.stringMatching(/copilot ingest --reindex/),
    });
  });
});

describe('odd queries', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
    await ingestDocuments(db, [doc('rb-odd', 'runbook', [], '# Odd queries\n\n## Section\n\nRefund the duplicate capture.')], { embedder });
  });
  afterAll(() => db.close());

  it('answers stop words and punctuation with nothing, and names what is wrong with unusable text', async () => {
    expect(await searchKnowledge(db, { query: 'the of and is' }, { embedder })).toEqual([]);
    expect(await searchKnowledge(db, { query: '?!… --- ***' }, { embedder })).toEqual([]);
    await expect(searchKnowledge(db, { query: 'refund\u0000capture' }, { embedder })).rejects.toThrow(/NUL/);
    await expect(searchKnowledge(db, { query: 'refund \ud800 capture' }, { embedder })).rejects.toThrow(/surrogate/);
    await expect(searchKnowledge(db, { query: 'refund '.repeat(2000) }, { embedder })).rejects.toThrow(/longer than 2000/);
    await expect(searchKnowledge(db, { query: '   ' }, { embedder })).rejects.toThrow(/empty/);
    expect((await searchKnowledge(db, { query: 'refund capture', k: 3 }, { embedder }))[0]?.documentId).toBe('rb-odd');
  });
});
