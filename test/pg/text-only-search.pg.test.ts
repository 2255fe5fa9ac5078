import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { migrateAll } from '../../core/db/open.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { ingestDocuments } from '../../ingestion/ingest-documents.ts';
import { parseMarkdownBlocks } from '../../ingestion/loaders/markdown-blocks.ts';
import { createEmbedder } from '../../retrieval/embeddings/create-embedder.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { ingestBundledCorpus } from '../../ingestion/index.ts';
import { searchKnowledge } from '../../retrieval/search/search-knowledge.ts';
import { vectorSearchAvailable } from '../../retrieval/vector-support.ts';
import { createApp } from '../../web/app.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

// This machine's PostgreSQL 15 has no pgvector: the whole schema migrates without it, and runbooks are
// indexed and searched by text only, as /healthz says.
describe('PostgreSQL without pgvector: vector search off, text search on', () => {
  let server: PostgresServer;
  let db: Database;
  const config = loadConfig({ COPILOT_LOG_LEVEL: 'error', COPILOT_EMBEDDINGS: 'local' });

  beforeAll(async () => {
    server = await startPostgres();
    db = openPostgres({ connectionString: server.connectionString, maxConnections: 4 });
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it('applies every migration, leaving out the blocks that need the extension, and again finds nothing to do', async () => {
    const available = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
    expect(available.rowCount).toBe(0);
    const first = await migrateAll(db);
    expect(first.applied).toContain('knowledge/0001_knowledge_index.sql');
    expect(await vectorSearchAvailable(db)).toBe(false);
    const again = await migrateAll(db);
    expect(again.applied).toEqual([]);
  });

  it('ingests the bundled runbooks and finds them by text, with no vector rank', async () => {
    const report = await ingestBundledCorpus(db, undefined, { config });
    expect(report.added.length).toBeGreaterThan(5);
    for (const mode of ['hybrid', 'vector', 'text'] as const) {
      const hits = await searchKnowledge(db, { query: 'customer charged twice refund', k: 3, mode });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((hit) => hit.score.vector === null && hit.score.text !== null)).toBe(true);
    }
    // Ingesting again (nothing changed) and after an edit both work without an embedding column.
    const unchanged = await ingestBundledCorpus(db, undefined, { config });
    expect(unchanged.unchanged.length).toBe(report.added.length);
  });

  it('keeps a private runbook its tenant’s when one connection runs the prepared search as each role in turn', async () => {
    // One connection: the search and context statements are prepared once on it and then run as the
    // operator, as one tenant and as another (PostgreSQL re-plans a row-level-security query per role).
    const shared = openPostgres({ connectionString: server.connectionString, maxConnections: 1 });
    try {
      const acme = await createTenant(shared, { slug: 'acme-prepared', name: 'Acme' });
      const globex = await createTenant(shared, { slug: 'globex-prepared', name: 'Globex' });
      const markdown = '# Acme zeppelin returns\n\n## Deflating\n\nDeflate every returned zeppelin before restocking it.';
      const document = {
        id: 'acme-zeppelin-returns',
        title: 'Acme zeppelin returns',
        type: 'sop',
        appliesTo: [],
        actions: [],
        systems: [],
        visibility: 'acme-prepared',
        sourcePath: 'acme-zeppelin-returns.md',
        format: 'markdown' as const,
        body: markdown,
        blocks: parseMarkdownBlocks(markdown),
      };
      const report = await ingestDocuments(shared, [document], { embedder: createEmbedder(config) });
      expect(report.added.map((entry) => [entry.documentId, entry.tenant])).toEqual([['acme-zeppelin-returns', 'acme-prepared']]);
      const ids = async (tenantId?: string) =>
        (await searchKnowledge(shared, { query: 'returned zeppelin deflate', k: 5, ...(tenantId ? { tenantId } : {}) })).map(
          (hit) => hit.documentId,
        );
      for (let round = 0; round < 3; round++) {
        expect(await ids(acme.id)).toContain('acme-zeppelin-returns');
        expect(await ids(globex.id)).not.toContain('acme-zeppelin-returns');
        expect(await ids()).not.toContain('acme-zeppelin-returns');
      }
      const prepared = await shared.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'copilot\\_%'`,
      );
      expect(prepared.rows[0]!.n).toBeGreaterThanOrEqual(2);
    } finally {
      await shared.close();
    }
  });

  it('reports text-only search in /healthz', async () => {
    const app = createApp({ db, config });
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'postgres', search: 'text-only' });
  });
});
