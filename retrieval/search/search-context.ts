/**
 * Everything a search needs to know about the index before it runs, read in one round trip: the
 * embedder it was built with, whether vectors are stored (pgvector), how many global chunks each of
 * the query's words occurs in (for corpus-adapted query weights), and a version that changes with
 * every write to the index (for caches). It also sets the transaction's HNSW scan settings, which
 * cost a round trip of their own otherwise.
 */
import type { Queryable } from '../../core/db/database.ts';
import type { IndexInfo } from '../index-metadata.ts';

export interface SearchContext {
  info: IndexInfo;
  vectorsAvailable: boolean;
  /** Current global chunks (the term statistics' population). */
  chunkCount: number;
  /** Per query word (lowercased): global chunks containing its stem. */
  wordChunks: Map<string, number>;
  /** Changes whenever the index row is written (ingest, statistics refresh, reindex). */
  version: string;
}

/**
 * The index version as SQL over the knowledge_index row aliased `alias`: the row's xmin changes with
 * every write to it (each chunk write updates its length totals, every statistics refresh its chunk
 * count), and the build time tells two databases apart. Independent of session settings (the epoch,
 * not a formatted timestamp), so every connection spells one version the same way.
 */
export function indexVersionSql(alias: string): string {
  return `${alias}.xmin::text || ':' || ${alias}.chunk_count || ':' || extract(epoch FROM ${alias}.built_at)::text`;
}

interface ContextRow {
  embedder: string;
  dimension: number;
  built_at: Date;
  chunk_count: number;
  version: string;
  vectors: boolean;
  word_chunks: Record<string, number> | null;
}

/**
 * Undefined when nothing was ever indexed. `efSearch`: the HNSW candidate list for this transaction's
 * scans. `genericPlan`: the transaction is the search's own and its statement unfiltered, so it may
 * run from a generic plan (hybrid-search-sql.ts `SearchStatement.genericPlan`); a caller's
 * transaction keeps its plan cache setting.
 */
export async function readSearchContext(
  tx: Queryable,
  words: readonly string[],
  efSearch: number,
  options: { genericPlan?: boolean } = {},
): Promise<SearchContext | undefined> {
  const planCache = options.genericPlan ? `set_config('plan_cache_mode', 'force_generic_plan', true) AS plan_cache,` : '';
  const result = await tx.query<ContextRow>(
    `WITH vectors AS (
       SELECT EXISTS (SELECT 1 FROM pg_attribute
                      WHERE attrelid = to_regclass('knowledge_chunks') AND attname = 'embedding' AND NOT attisdropped) AS present)
     SELECT i.embedder, i.dimension, i.built_at, i.chunk_count, ${indexVersionSql('i')} AS version,
            v.present AS vectors,
            -- Filtered HNSW scans stop after ef_search candidates unless iterative scans are on (transaction-local).
            CASE WHEN v.present THEN set_config('hnsw.iterative_scan', 'relaxed_order', true) || set_config('hnsw.ef_search', $2, true) END,
            ${planCache}
            -- Primary-key lookups per word (a join of the words' lexemes to the statistics was planned
            -- as a hash join over the whole table, per word: most of a vector search's time).
            (SELECT json_object_agg(w.word, coalesce((SELECT max(st.chunks) FROM knowledge_term_stats st
                                                      WHERE st.lexeme = ANY (tsvector_to_array(to_tsvector('english'::regconfig, w.word)))), 0))
             FROM (SELECT DISTINCT word FROM unnest($1::text[]) AS word) w) AS word_chunks
     FROM knowledge_index i CROSS JOIN vectors v`,
    [words, String(efSearch)],
    { prepare: true },
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    info: { embedder: row.embedder, dimension: row.dimension, builtAt: row.built_at },
    vectorsAvailable: row.vectors,
    chunkCount: row.chunk_count,
    wordChunks: new Map(Object.entries(row.word_chunks ?? {})),
    version: row.version,
  };
}

/**
 * Per word: (its IDF in the index ÷ the largest possible IDF) ^ exponent, in (0, 1]; words the index
 * lacks get 1. Multiplies the word's SIF weight in the query vector, so words every page uses weigh
 * less than their general-English frequency says.
 */
export function corpusRarity(context: SearchContext, exponent: number): (word: string) => number {
  const total = Math.max(1, context.chunkCount);
  const max = Math.log(1 + (total + 0.5) / 0.5);
  return (word) => {
    const chunks = Math.min(total, context.wordChunks.get(word) ?? 0);
    return (Math.log(1 + (total - chunks + 0.5) / (chunks + 0.5)) / max) ** exponent;
  };
}
