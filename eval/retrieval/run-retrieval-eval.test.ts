import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../core/testing/test-db.ts';
import { LocalHashEmbeddings } from '../../retrieval/embeddings/local-hash-embeddings.ts';
import { loadRetrievalSuite, type RetrievalSuite } from './retrieval-suite.ts';
import { buildRetrievalIndex, runRetrievalEval, type RetrievalIndex } from './run-retrieval-eval.ts';

const embedder = new LocalHashEmbeddings();
const doc = (id: string, title: string, body: string, visibility = 'global'): string =>
  `---\nid: ${id}\ntitle: ${title}\ntype: runbook\nvisibility: ${visibility}\n---\n# ${title}\n\n${body}\n`;

describe('runRetrievalEval', () => {
  let dir: string;
  let index: RetrievalIndex;
  const suite: RetrievalSuite = {
    name: 'fixture',
    kind: 'retrieval',
    cases: [
      { id: 'q1', query: 'customer was charged twice', relevant: ['rb-payment'], tags: [] },
      { id: 'q2', query: 'carrier lost the parcel', relevant: ['rb-carrier', 'rb-payment'], tags: [] },
      { id: 'q3', query: 'Initech refund window days', tenant: 'initech', relevant: ['initech-refunds'], tags: [] },
      { id: 'q4', query: 'Initech refund window days', relevant: ['initech-refunds'], tags: [] },
    ],
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copilot-eval-corpus-'));
    await writeFile(
      join(dir, 'payment.md'),
      doc('rb-payment', 'Payment mismatch', '## Double capture\n\nWhen a customer is charged twice, void the duplicate capture.'),
    );
    await writeFile(
      join(dir, 'carrier.md'),
      doc('rb-carrier', 'Carrier escalation', '## Lost parcel\n\nOpen a trace with the carrier when a parcel is lost in transit.'),
    );
    await writeFile(
      join(dir, 'initech.md'),
      doc('initech-refunds', 'Initech refund terms', '## Window\n\nInitech refund window is 45 days.', 'initech'),
    );
    index = await buildRetrievalIndex(suite, { embedder, corpusDir: dir, db: await createTestDb() });
  });
  afterAll(async () => {
    await index.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('scores each case in each mode, asking tenant cases in the tenant’s view', async () => {
    const result = await runRetrievalEval(suite, { embedder, index, modes: ['hybrid', 'text'] });
    expect(result.summary.map((entry) => entry.mode)).toEqual(['hybrid', 'text']);
    const hybrid = new Map(result.results.filter((entry) => entry.mode === 'hybrid').map((entry) => [entry.id, entry]));
    expect(hybrid.get('q1')!.ranked[0]).toBe('rb-payment');
    expect(hybrid.get('q1')!.metrics).toEqual({ 'recall@1': 1, 'recall@5': 1, 'hit@5': 1, mrr: 1, 'ndcg@10': 1 });
    expect(hybrid.get('q2')!.ranked[0]).toBe('rb-carrier');
    expect(hybrid.get('q3')!.ranked[0]).toBe('initech-refunds');
    // Without the tenant, the private document does not exist for the query.
    expect(hybrid.get('q4')!.ranked).not.toContain('initech-refunds');
    expect(hybrid.get('q4')!.metrics.mrr).toBe(0);
    // Ranked lists hold each document once.
    for (const entry of result.results) expect(new Set(entry.ranked).size).toBe(entry.ranked.length);
    const summary = result.summary[0]!;
    const mean = (key: 'mrr' | 'recall@5'): number => [...hybrid.values()].reduce((sum, entry) => sum + entry.metrics[key], 0) / 4;
    expect(summary.mrr).toBeCloseTo(mean('mrr'), 12);
    expect(summary['recall@5']).toBeCloseTo(mean('recall@5'), 12);
  });
});

describe('the bundled corpus and labelled set', () => {
  // Ingests the whole bundled corpus: more than the default minute on a busy machine.
  it('hybrid beats vector and text on recall@5, and every labelled id exists', { timeout: 180_000 }, async () => {
    const suite = await loadRetrievalSuite();
    const index = await buildRetrievalIndex(suite, { embedder, db: await createTestDb() });
    try {
      const stored = await index.db.query<{ document_id: string }>('SELECT DISTINCT document_id FROM knowledge_documents');
      const ids = new Set(stored.rows.map((row) => row.document_id));
      expect(suite.cases.flatMap((entry) => entry.relevant).filter((id) => !ids.has(id))).toEqual([]);
      expect(suite.cases.length).toBeGreaterThanOrEqual(60);

      const result = await runRetrievalEval(suite, { embedder, index });
      const byMode = Object.fromEntries(result.summary.map((entry) => [entry.mode, entry]));
      expect(byMode.hybrid!['recall@5']).toBeGreaterThan(byMode.vector!['recall@5']);
      expect(byMode.hybrid!['recall@5']).toBeGreaterThan(byMode.text!['recall@5']);
      expect(byMode.hybrid!['recall@5']).toBeGreaterThan(0.8);
    } finally {
      await index.close();
    }
  });
});
