import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { createTenant, type Tenant } from '../core/tenants/tenants.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { ingestDocuments } from '../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../ingestion/loaders/markdown-blocks.ts';
import type { SourceDocument } from '../ingestion/source-document.ts';
import { getDocument, joinChunks, listDocuments, parseCitationRef, resolveCitation } from './documents.ts';
import { LocalHashEmbeddings } from './embeddings/local-hash-embeddings.ts';

const embedder = new LocalHashEmbeddings();
const documentOf = (id: string, type: string, markdown: string, visibility?: string): SourceDocument => ({
  id,
  title: markdown.split('\n')[0]!.replace('# ', ''),
  type,
  appliesTo: type === 'runbook' ? ['erp_sync_failed'] : [],
  actions: ['retry_erp_sync'],
  systems: ['erp'],
  owner: 'integration-ops',
  ...(visibility ? { visibility } : {}),
  sourcePath: `${id}.md`,
  format: 'markdown',
  body: markdown,
  blocks: parseMarkdownBlocks(markdown),
});

describe('documents and citations', () => {
  let db: Database;
  let acme: Tenant;
  let globex: Tenant;
  const longSection = Array.from({ length: 30 }, (_, i) => `- Check mapping ${i} for the failed posting and retry once.`).join('\n');

  beforeAll(async () => {
    db = await createTestDb();
    acme = await createTenant(db, { slug: 'acme', name: 'Acme' });
    globex = await createTenant(db, { slug: 'globex', name: 'Globex' });
    await ingestDocuments(
      db,
      [
        {
          ...documentOf('rb-erp', 'runbook', `# ERP sync failed\n\n## Retry\n\n${longSection}\n\n## Escalate\n\nPage integration on-call.`),
          conditions: { retryable_codes: ['ERP-503'], max_manual_retries: 2 },
        },
        documentOf('pol-acme-erp', 'policy', '# Acme ERP rules\n\n## Posting window\n\nAcme posts invoices before 18:00.', 'acme'),
      ],
      { embedder, chunking: { targetSize: 400, overlap: 120 } },
    );
  });
  afterAll(() => db.close());

  it('lists the documents a tenant can see, with filters', async () => {
    expect((await listDocuments(db, acme.id)).map((document) => [document.documentId, document.visibility])).toEqual([
      ['pol-acme-erp', 'tenant'],
      ['rb-erp', 'global'],
    ]);
    expect((await listDocuments(db, globex.id)).map((document) => document.documentId)).toEqual(['rb-erp']);
    expect((await listDocuments(db, undefined)).map((document) => document.documentId)).toEqual(['rb-erp']);
    expect((await listDocuments(db, acme.id, { types: ['policy'] })).map((document) => document.documentId)).toEqual(['pol-acme-erp']);
    expect((await listDocuments(db, acme.id, { appliesTo: ['erp_sync_failed'] })).map((document) => document.documentId)).toEqual([
      'rb-erp',
    ]);
  });

  it('opens a document with its text and section outline', async () => {
    const document = await getDocument(db, globex.id, 'rb-erp');
    expect(document).toMatchObject({
      documentId: 'rb-erp',
      title: 'ERP sync failed',
      type: 'runbook',
      version: 1,
      current: true,
      versions: [1],
      owner: 'integration-ops',
      conditions: { retryable_codes: ['ERP-503'], max_manual_retries: 2 },
    });
    expect((await getDocument(db, acme.id, 'pol-acme-erp')).conditions).toEqual({});
    expect(document.body).toContain('Page integration on-call.');
    expect(document.sections.map((section) => [section.ref, section.headingPath])).toEqual([
      ['rb-erp#retry', ['ERP sync failed', 'Retry']],
      ['rb-erp#escalate', ['ERP sync failed', 'Escalate']],
    ]);
    expect(document.sections[0]!.lineEnd - document.sections[0]!.lineStart).toBe(29);
  });

  it('hides private documents from other tenants', async () => {
    await expect(getDocument(db, globex.id, 'pol-acme-erp')).rejects.toMatchObject({ code: 'not_found' });
    await expect(getDocument(db, undefined, 'pol-acme-erp')).rejects.toMatchObject({ code: 'not_found' });
    expect(await resolveCitation(db, globex.id, 'pol-acme-erp#posting-window')).toBeUndefined();
    expect(await resolveCitation(db, acme.id, 'pol-acme-erp#posting-window')).toMatchObject({
      content: 'Acme posts invoices before 18:00.',
    });
  });

  it('resolves a citation to the whole section, joining chunks without their overlap', async () => {
    const resolved = await resolveCitation(db, undefined, 'rb-erp#retry');
    expect(resolved).toMatchObject({
      ref: 'rb-erp#retry',
      documentId: 'rb-erp',
      version: 1,
      current: true,
      headingPath: ['ERP sync failed', 'Retry'],
    });
    expect(resolved!.content).toBe(longSection);
    expect(await resolveCitation(db, undefined, 'rb-erp#no-such-section')).toBeUndefined();
    expect(await resolveCitation(db, undefined, 'rb-erp#retry', 7)).toBeUndefined();
  });

  it('parses and joins', () => {
    expect(parseCitationRef('rb-erp#retry')).toEqual({ documentId: 'rb-erp', sectionSlug: 'retry' });
    expect(() => parseCitationRef('tool:get_order:1')).toThrow(/doc-id#section-slug/);
    expect(joinChunks(['a b\nc d', 'c d\ne f'])).toBe('a b\nc d\ne f');
    expect(joinChunks(['one', 'two'])).toBe('one\n\ntwo');
  });
});
