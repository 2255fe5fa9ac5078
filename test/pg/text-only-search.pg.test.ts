import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { migrateAll } from '../../core/db/open.ts';
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

  it('reports text-only search in /healthz', async () => {
    const app = createApp({ db, config });
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'postgres', search: 'text-only' });
  });
});
