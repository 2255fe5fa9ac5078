import { Document } from '@langchain/core/documents';
import { RunnableLambda } from '@langchain/core/runnables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { createTenant, type Tenant } from '../core/tenants/tenants.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { ingestDocuments } from '../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../ingestion/loaders/markdown-blocks.ts';
import type { SourceDocument } from '../ingestion/source-document.ts';
import { LocalHashEmbeddings } from './embeddings/local-hash-embeddings.ts';
import { KnowledgeRetriever } from './retriever.ts';

const embedder = new LocalHashEmbeddings();
const markdownDocument = (id: string, markdown: string, visibility?: string): SourceDocument => ({
  id,
  title: markdown.split('\n')[0]!.replace('# ', ''),
  type: 'runbook',
  appliesTo: ['credit_hold'],
  actions: [],
  systems: [],
  ...(visibility ? { visibility } : {}),
  sourcePath: `${id}.md`,
  format: 'markdown',
  body: markdown,
  blocks: parseMarkdownBlocks(markdown),
});

describe('KnowledgeRetriever', () => {
  let db: Database;
  let acme: Tenant;

  beforeAll(async () => {
    db = await createTestDb();
    acme = await createTenant(db, { slug: 'acme', name: 'Acme' });
    await ingestDocuments(
      db,
      [
        markdownDocument(
          'rb-credit-hold',
          '# Credit hold\n\n## Release\n\nRelease the hold when the customer pays the overdue balance.\n\n## Escalate\n\nEscalate to finance above the credit limit.',
        ),
        markdownDocument(
          'acme-credit',
          '# Acme credit terms\n\n## Limit\n\nAcme may exceed its credit limit by 10 percent for 7 days.',
          'acme',
        ),
      ],
      { embedder },
    );
  });
  afterAll(() => db.close());

  it('returns LangChain Documents with citation metadata', async () => {
    const retriever = new KnowledgeRetriever({ db, k: 2, embedder });
    const documents = await retriever.invoke('customer paid the overdue balance, can we release the credit hold?');
    expect(documents[0]).toBeInstanceOf(Document);
    expect(documents[0]!.pageContent).toBe('Release the hold when the customer pays the overdue balance.');
    expect(documents[0]!.metadata).toMatchObject({
      ref: 'rb-credit-hold#release',
      citation: {
        ref: 'rb-credit-hold#release',
        title: 'Credit hold',
        documentId: 'rb-credit-hold',
        version: 1,
        headingPath: ['Credit hold', 'Release'],
      },
      visibility: 'global',
    });
    expect(documents[0]!.id).toBe('rb-credit-hold#release');
  });

  it('searches within the tenant it was created for, and composes in a chain', async () => {
    const forAcme = new KnowledgeRetriever({ db, tenantId: acme.id, k: 1, embedder });
    const global = new KnowledgeRetriever({ db, k: 5, embedder });
    expect((await forAcme.invoke('Acme credit limit percent'))[0]!.metadata.documentId).toBe('acme-credit');
    expect((await global.invoke('Acme credit limit percent')).map((document) => document.metadata.documentId)).not.toContain('acme-credit');

    const chain = forAcme.pipe(RunnableLambda.from((documents: Document[]) => documents.map((document) => document.metadata.ref)));
    expect(await chain.invoke('Acme credit limit')).toEqual(['acme-credit#limit']);
  });
});
