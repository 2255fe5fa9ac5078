/**
 * Binding the index to an embedder, and rebuilding it for another one (`copilot ingest --reindex`).
 * The embedding column is typed vector(n) so HNSW can index it; a different dimension means re-typing
 * the column, which only the schema owner may do, so those statements run as the session user while
 * row reads and writes switch to the operator role (row-level security is forced, even for owners).
 */
import type { Database, Queryable, Tx } from '../core/db/database.ts';
import { asOperator, OPERATOR_ROLE } from '../core/db/tenant-scope.ts';
import { assertSameEmbedder, embeddingColumnDimension, readIndexInfo, type IndexInfo } from './index-metadata.ts';
import type { KnowledgeEmbedder } from './embeddings/knowledge-embedder.ts';
import { buildIndexText } from './index-text.ts';
import { toVectorBinary } from './vector-literal.ts';
import { forgetSearchContexts } from './search/search-context-cache.ts';
import { vectorSearchAvailable } from './vector-support.ts';

const HNSW_INDEX = 'knowledge_chunks_embedding_idx';
const CREATE_HNSW_INDEX = `CREATE INDEX IF NOT EXISTS ${HNSW_INDEX} ON knowledge_chunks USING hnsw (embedding vector_cosine_ops)`;
/** The text side's postings index, as migration 0003 creates it. */
const POSTINGS_INDEX = 'knowledge_postings_impact_idx';
const CREATE_POSTINGS_INDEX = `CREATE INDEX IF NOT EXISTS ${POSTINGS_INDEX} ON knowledge_postings (lexeme, impact DESC) INCLUDE (chunk_id, tenant_id)`;

/**
 * Builds the HNSW index if it is missing. The build is far faster when the graph fits in
 * maintenance_work_mem, so the transaction raises it (PGlite's whole heap is capped at 2 GiB).
 */
async function createVectorIndex(tx: Tx): Promise<void> {
  await tx.query(`SELECT set_config('maintenance_work_mem', '512MB', true)`);
  await tx.query(CREATE_HNSW_INDEX);
}

export async function hasVectorIndex(db: Queryable): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM pg_indexes WHERE tablename = 'knowledge_chunks' AND indexname = $1`, [HNSW_INDEX]);
  return result.rowCount > 0;
}

export async function hasPostingsIndex(db: Queryable): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM pg_indexes WHERE tablename = 'knowledge_postings' AND indexname = $1`, [POSTINGS_INDEX]);
  return result.rowCount > 0;
}

async function createPostingsIndex(tx: Tx): Promise<void> {
  await tx.query(`SELECT set_config('maintenance_work_mem', '512MB', true)`);
  await tx.query(CREATE_POSTINGS_INDEX);
}

/** The postings' primary key (chunk, lexeme), as migration 0003 creates it: what deletes by chunk use. */
const POSTINGS_KEY = 'knowledge_postings_pkey';

export async function hasPostingsKey(db: Queryable): Promise<boolean> {
  const result = await db.query(`SELECT 1 FROM pg_constraint WHERE conrelid = 'knowledge_postings'::regclass AND conname = $1`, [
    POSTINGS_KEY,
  ]);
  return result.rowCount > 0;
}

async function createPostingsKey(tx: Tx): Promise<void> {
  if (await hasPostingsKey(tx)) return;
  await tx.query(`SELECT set_config('maintenance_work_mem', '512MB', true)`);
  await tx.query(`ALTER TABLE knowledge_postings ADD CONSTRAINT ${POSTINGS_KEY} PRIMARY KEY (chunk_id, lexeme)`);
}

export interface DeferredIndexOptions {
  /**
   * Also drop the postings' primary key while writing and build it once afterwards. Only for loads
   * that add documents and replace none: replacing a version deletes its postings by chunk, which
   * without the key reads the whole postings table. The key holds by construction (a tsvector
   * has each lexeme once), so building it afterwards cannot fail on rows the triggers wrote.
   */
  deferPostingsKey?: boolean;
}

/**
 * Bulk loads: inserting into an HNSW graph row by row costs several milliseconds a row on PGlite,
 * and each chunk adds about a hundred postings at random places of the postings index; dropping both
 * indexes, inserting, and building each once (sorted, in memory) is several times faster. Searches
 * meanwhile fall back to exact vector scans and unindexed postings reads: correct, only slower.
 * A load that only adds documents also defers the postings' primary key (about a third of the cost
 * of writing a posting row; measured in docs/benchmarks.md, session 9).
 */
export async function withVectorIndexDeferred<T>(
  db: Database,
  fn: () => Promise<T>,
  onIndexBuilt?: (milliseconds: number) => void,
  options: DeferredIndexOptions = {},
): Promise<T> {
  const vectors = await vectorSearchAvailable(db);
  if (vectors) await db.exec(`DROP INDEX IF EXISTS ${HNSW_INDEX}`);
  await db.exec(`DROP INDEX IF EXISTS ${POSTINGS_INDEX}`);
  if (options.deferPostingsKey) await db.exec(`ALTER TABLE knowledge_postings DROP CONSTRAINT IF EXISTS ${POSTINGS_KEY}`);
  try {
    return await fn();
  } finally {
    const started = performance.now();
    if (options.deferPostingsKey) await db.transaction(createPostingsKey);
    await db.transaction(createPostingsIndex);
    if (vectors) await db.transaction(createVectorIndex);
    onIndexBuilt?.(performance.now() - started);
  }
}

async function retypeEmbeddingColumn(tx: Tx, dimension: number): Promise<void> {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 2000) throw new Error(`invalid embedding dimension ${dimension}`);
  await tx.query(`SET LOCAL ROLE ${OPERATOR_ROLE}`);
  await tx.query('UPDATE knowledge_chunks SET embedding = NULL WHERE embedding IS NOT NULL');
  await tx.query('RESET ROLE');
  await tx.query(`DROP INDEX IF EXISTS ${HNSW_INDEX}`);
  await tx.query(`ALTER TABLE knowledge_chunks ALTER COLUMN embedding TYPE vector(${dimension})`);
}

async function recordEmbedder(tx: Tx, embedderId: string, dimension: number): Promise<void> {
  await tx.query(
    `INSERT INTO knowledge_index (singleton, embedder, dimension) VALUES (true, $1, $2)
     ON CONFLICT (singleton) DO UPDATE SET embedder = EXCLUDED.embedder, dimension = EXCLUDED.dimension, built_at = now()`,
    [embedderId, dimension],
  );
}

/**
 * Before ingesting: an empty index is bound to the embedder (re-typing the column if needed); an
 * index built with another embedder is an IndexMismatchError.
 */
export async function bindIndexToEmbedder(db: Database, embedder: KnowledgeEmbedder): Promise<IndexInfo> {
  const existing = await asOperator(db, (tx) => readIndexInfo(tx));
  const vectors = await vectorSearchAvailable(db);
  if (existing) {
    assertSameEmbedder(existing, embedder.id);
    // A bulk load interrupted before it rebuilt the indexes left them missing: rebuild now.
    if (!(await hasPostingsKey(db))) await db.transaction(createPostingsKey);
    if (!(await hasPostingsIndex(db))) await db.transaction(createPostingsIndex);
    if (vectors && !(await hasVectorIndex(db))) await db.transaction(createVectorIndex);
    return existing;
  }
  const dimension = await embedder.dimension();
  await db.transaction(async (tx) => {
    // Without vector search (no pgvector) the embedder is still recorded: the index is bound to it.
    if (vectors) {
      if ((await embeddingColumnDimension(tx)) !== dimension) await retypeEmbeddingColumn(tx, dimension);
      await createVectorIndex(tx);
    }
    await tx.query(`SET LOCAL ROLE ${OPERATOR_ROLE}`);
    await recordEmbedder(tx, embedder.id, dimension);
  });
  return (await asOperator(db, (tx) => readIndexInfo(tx)))!;
}

/**
 * After writes: planner statistics (ANALYZE, as the session user: only owners may) and the term
 * statistics knowledge_text_query uses to leave out words most global chunks contain.
 */
export async function refreshPlannerStatistics(db: Database, options: { vacuumPostings?: boolean } = {}): Promise<void> {
  // Searches in this process read the index context afresh (other processes see the new version).
  forgetSearchContexts();
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL ROLE ${OPERATOR_ROLE}`);
    await tx.query('DELETE FROM knowledge_term_stats');
    await tx.query(
      `INSERT INTO knowledge_term_stats (lexeme, chunks)
       SELECT word, ndoc FROM ts_stat('SELECT tsv FROM knowledge_chunks WHERE is_current AND tenant_id IS NULL')`,
    );
    await tx.query(
      'UPDATE knowledge_index SET chunk_count = (SELECT count(*) FROM knowledge_chunks WHERE is_current AND tenant_id IS NULL)',
    );
  });
  await db.exec('ANALYZE knowledge_documents, knowledge_chunks, knowledge_term_stats');
  // After a bulk load, vacuum the postings so text search reads them from its covering index alone
  // (PGlite has no autovacuum; PostgreSQL's would get there later).
  if (options.vacuumPostings) await db.exec('VACUUM (ANALYZE) knowledge_postings');
}

/**
 * True when the term statistics do not describe the chunks any more: an ingest that was killed after
 * writing its documents but before refreshing them. The next ingest then finds every document
 * unchanged, so without this check nothing would ever refresh them.
 */
export async function plannerStatisticsStale(db: Database): Promise<boolean> {
  return asOperator(db, async (tx) => {
    const result = await tx.query<{ stale: boolean }>(
      `SELECT coalesce((SELECT chunk_count FROM knowledge_index), 0)
                <> (SELECT count(*) FROM knowledge_chunks WHERE is_current AND tenant_id IS NULL) AS stale`,
    );
    return result.rows[0]?.stale ?? false;
  });
}

const REINDEX_ROWS_PER_UPDATE = 200;

export interface ReindexProgress {
  done: number;
  total: number;
}

export interface ReindexReport {
  embedder: string;
  dimension: number;
  chunks: number;
  documents: number;
}

/**
 * Re-embeds every current chunk (all tenants) with the given embedder and rebuilds the vector index,
 * in one transaction: searches see the old index or the new one, never a mix. Superseded versions
 * keep no vectors, so they need nothing.
 */
export async function reindexKnowledge(
  db: Database,
  embedder: KnowledgeEmbedder,
  onProgress: (progress: ReindexProgress) => void = () => {},
): Promise<ReindexReport> {
  const dimension = await embedder.dimension();
  const vectorsStored = await vectorSearchAvailable(db);
  const chunks = await asOperator(db, async (tx) => {
    const result = await tx.query<{ id: number; title: string; heading_path: string[]; content: string; document_key: number }>(
      'SELECT id, title, heading_path, content, document_key FROM knowledge_chunks WHERE is_current ORDER BY id',
    );
    return result.rows;
  });
  const vectors: Uint8Array[] = [];
  const batchSize = 256;
  onProgress({ done: 0, total: chunks.length });
  // Without vector search there is nothing to embed: the index is only bound to the new embedder.
  for (let start = 0; vectorsStored && start < chunks.length; start += batchSize) {
    const batch = chunks.slice(start, start + batchSize);
    const embedded = await embedder.embedDocuments(batch.map((chunk) => buildIndexText(chunk.title, chunk.heading_path, chunk.content)));
    // pgvector's binary form, as ingest writes it: PGlite parses no text floats (docs/benchmarks.md, session 9).
    for (const vector of embedded) vectors.push(toVectorBinary(vector, dimension));
    onProgress({ done: Math.min(start + batchSize, chunks.length), total: chunks.length });
  }

  forgetSearchContexts();
  await db.transaction(async (tx) => {
    if (vectorsStored) await retypeEmbeddingColumn(tx, dimension);
    await tx.query(`SET LOCAL ROLE ${OPERATOR_ROLE}`);
    // One binary parameter per vector (an array parameter would go as text), 200 rows a statement.
    for (let start = 0; vectorsStored && start < chunks.length; start += REINDEX_ROWS_PER_UPDATE) {
      const batch = chunks.slice(start, start + REINDEX_ROWS_PER_UPDATE);
      const params = batch.flatMap((chunk, index) => [chunk.id, vectors[start + index]!]);
      await tx.query(
        `UPDATE knowledge_chunks AS chunk SET embedding = source.embedding
         FROM (VALUES ${batch.map((_, index) => `($${2 * index + 1}::bigint, $${2 * index + 2}::vector)`).join(', ')}) AS source (id, embedding)
         WHERE chunk.id = source.id`,
        params,
      );
    }
    await recordEmbedder(tx, embedder.id, dimension);
    await tx.query('RESET ROLE');
    // Building the graph once over all rows is much faster than growing it row by row.
    if (vectorsStored) await createVectorIndex(tx);
  });
  await refreshPlannerStatistics(db, { vacuumPostings: true });
  return { embedder: embedder.id, dimension, chunks: chunks.length, documents: new Set(chunks.map((chunk) => chunk.document_key)).size };
}
