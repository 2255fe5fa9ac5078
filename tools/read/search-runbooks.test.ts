import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../../ingestion/loaders/markdown-blocks.ts';
import type { SourceDocument } from '../../ingestion/source-document.ts';
import { defaultEmbedder } from '../../retrieval/embeddings/default-embedder.ts';
import { createToolTestWorld, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

const doc = (id: string, type: string, appliesTo: string[], markdown: string, tenant?: string): SourceDocument => ({
  id,
  title: markdown.split('\n')[0]!.replace(/^#\s*/, ''),
  type,
  appliesTo,
  actions: [],
  systems: [],
  ...(tenant ? { visibility: tenant } : {}),
  sourcePath: `${id}.md`,
  format: 'markdown',
  body: markdown,
  blocks: parseMarkdownBlocks(markdown),
});

interface SearchResult {
  count: number;
  results: Array<{ ref: string; documentId: string; appliesTo: string[]; visibility: string; text: string }>;
  citations: Array<{ ref: string; title: string; excerpt: string }>;
}

describe('search_runbooks', () => {
  let world: ToolTestWorld;
  const search = async (args: Record<string, unknown>, principal = world.principals.rep) =>
    (await world.call('search_runbooks', args, principal)).result as SearchResult;

  beforeAll(async () => {
    world = await createToolTestWorld();
    const embedder = defaultEmbedder();
    await ingestDocuments(
      world.db,
      [
        doc(
          'rb-erp-sync-failed',
          'runbook',
          ['erp_sync_failed'],
          '# ERP sync failed\n\n## Transient errors\n\nRetry ERP-503 and ERP-429 failures with retry_erp_sync; they succeed once the ERP is back.\n\n## Data errors\n\nFix the master data before retrying ERP-422.',
        ),
        doc(
          'pol-refund-approval-matrix',
          'policy',
          ['payment_mismatch'],
          '# Refund approval matrix\n\n## Thresholds\n\nRefunds up to 50 are automatic; above 500 an admin approves the refund.',
        ),
        doc(
          'sop-carrier-escalation',
          'sop',
          [],
          '# Carrier escalation\n\n## When to escalate\n\nEscalate a shipment to the carrier after 48 hours without a scan.',
        ),
      ],
      { embedder },
    );
    await ingestDocuments(
      world.db,
      [
        doc(
          'globex-refund-terms',
          'policy',
          ['payment_mismatch'],
          '# Globex refund terms\n\n## Refunds\n\nGlobex refunds above 100 need the account manager.',
        ),
      ],
      {
        embedder,
        tenant: world.other.id,
      },
    );
  });
  afterAll(() => world.close());

  it('finds the passage and cites it as document-id#section', async () => {
    const found = await search({ query: 'retry an ERP-503 order sync failure' });
    expect(found.results[0]).toMatchObject({
      documentId: 'rb-erp-sync-failed',
      ref: expect.stringMatching(/^rb-erp-sync-failed#/),
      visibility: 'global',
    });
    expect(found.results[0]!.text).toMatch(/retry_erp_sync/);
    expect(found.citations).toHaveLength(found.count);
    expect(found.citations[0]).toMatchObject({ ref: found.results[0]!.ref, title: 'ERP sync failed', excerpt: expect.any(String) });
  });

  it('ranks documents for the exception type first and tops up with others', async () => {
    const found = await search({ query: 'approval thresholds', exceptionType: 'payment_mismatch', limit: 3 });
    expect(found.results[0]).toMatchObject({ documentId: 'pol-refund-approval-matrix', appliesTo: ['payment_mismatch'] });
    expect(found.count).toBe(3);
    const policies = await search({ query: 'refund approval', docType: 'policy', limit: 10 });
    expect(policies.results.every((result) => result.documentId === 'pol-refund-approval-matrix')).toBe(true);
  });

  it('never returns another tenant’s private documents', async () => {
    const mine = await search({ query: 'Globex refund terms account manager', limit: 10 });
    expect(mine.results.map((result) => result.documentId)).not.toContain('globex-refund-terms');
    const theirs = await search({ query: 'Globex refund terms account manager', limit: 10 }, world.otherRep);
    expect(theirs.results[0]).toMatchObject({ documentId: 'globex-refund-terms', visibility: 'tenant' });
  });

  it('validates the query', async () => {
    for (const args of [
      {},
      { query: 'ab' },
      { query: 'x'.repeat(501) },
      { query: 'refunds', limit: 11 },
      { query: 'refunds', exceptionType: 'fire' },
    ]) {
      expect(await world.call('search_runbooks', args)).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
    }
  });
});
