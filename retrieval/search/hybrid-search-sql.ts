/**
 * The search statement. Vector candidates come from the HNSW index (cosine), text candidates from
 * the GIN index (websearch_to_tsquery, OR-ed by knowledge_text_query); the two ranked lists are fused
 * with Reciprocal Rank Fusion — score = Σ weight / (k + rank) — which needs no score calibration
 * between the two. A per-document cap keeps one long runbook from filling the top k. Filters sit in
 * the same WHERE as the index scans; with hnsw.iterative_scan the scan continues until enough rows
 * pass them (pgvector 0.8), and the MATERIALIZED CTE restores exact distance order afterwards.
 */
import type { SearchMode } from './search-types.ts';

export interface SqlFilters {
  types?: readonly string[];
  appliesTo?: readonly string[];
  documentIds?: readonly string[];
  /** Operator searches without a tenant see global documents only. */
  globalOnly: boolean;
}

export interface SearchStatement {
  sql: string;
  params: unknown[];
}

export interface StatementInput {
  mode: SearchMode;
  vector: string | null;
  query: string;
  k: number;
  candidates: number;
  perDocumentCap: number;
  rrfK: number;
  vectorWeight: number;
  textWeight: number;
  filters: SqlFilters;
}

export function buildSearchStatement(input: StatementInput): SearchStatement {
  const params: unknown[] = [];
  const param = (value: unknown, cast = ''): string => {
    params.push(value);
    return `$${params.length}${cast}`;
  };

  const conditions = ['c.is_current'];
  if (input.filters.globalOnly) conditions.push('c.tenant_id IS NULL');
  if (input.filters.types?.length) conditions.push(`c.doc_type = ANY(${param(input.filters.types, '::text[]')})`);
  if (input.filters.appliesTo?.length) conditions.push(`c.applies_to && ${param(input.filters.appliesTo, '::text[]')}`);
  if (input.filters.documentIds?.length) conditions.push(`c.document_id = ANY(${param(input.filters.documentIds, '::text[]')})`);
  const where = conditions.join(' AND ');
  const candidates = param(input.candidates, '::int');
  const rrfK = param(input.rrfK, '::float8');

  const useVector = input.mode !== 'text' && input.vector !== null;
  const useText = input.mode !== 'vector';
  const ctes: string[] = [];
  if (useVector) {
    const vector = param(input.vector, '::vector');
    ctes.push(`vector_hits AS MATERIALIZED (
      SELECT c.id, c.embedding <=> ${vector} AS distance
      FROM knowledge_chunks c
      WHERE ${where} AND c.embedding IS NOT NULL
      ORDER BY c.embedding <=> ${vector}
      LIMIT ${candidates})`);
    ctes.push(`vector_ranked AS (SELECT id, distance, row_number() OVER (ORDER BY distance, id) AS rank FROM vector_hits)`);
  }
  if (useText) {
    const query = param(input.query, '::text');
    // Materialised so the query is built once, not once per row the ranking touches.
    ctes.push(`text_query AS MATERIALIZED (SELECT knowledge_text_query(${query}) AS query)`);
    ctes.push(`text_hits AS MATERIALIZED (
      SELECT c.id, ts_rank_cd(c.tsv, q.query, 1) AS score
      FROM text_query q JOIN knowledge_chunks c ON c.tsv @@ q.query
      WHERE ${where}
      ORDER BY score DESC, c.id
      LIMIT ${candidates})`);
    ctes.push(`text_ranked AS (SELECT id, score, row_number() OVER (ORDER BY score DESC, id) AS rank FROM text_hits)`);
  }

  let fused: string;
  // Parameters are added only where used: PostgreSQL cannot type a parameter no expression mentions.
  const vectorWeight = (): string => param(input.vectorWeight, '::float8');
  const textWeight = (): string => param(input.textWeight, '::float8');
  if (useVector && useText) {
    fused = `SELECT coalesce(v.id, t.id) AS id, v.rank AS vector_rank, v.distance, t.rank AS text_rank, t.score AS text_score,
        coalesce(${vectorWeight()} / (${rrfK} + v.rank), 0) + coalesce(${textWeight()} / (${rrfK} + t.rank), 0) AS rrf
      FROM vector_ranked v FULL JOIN text_ranked t ON t.id = v.id`;
  } else if (useVector) {
    fused = `SELECT id, rank AS vector_rank, distance, NULL::bigint AS text_rank, NULL::float8 AS text_score,
        ${vectorWeight()} / (${rrfK} + rank) AS rrf FROM vector_ranked`;
  } else {
    fused = `SELECT id, NULL::bigint AS vector_rank, NULL::float8 AS distance, rank AS text_rank, score AS text_score,
        ${textWeight()} / (${rrfK} + rank) AS rrf FROM text_ranked`;
  }
  ctes.push(`fused AS (${fused})`);
  ctes.push(`capped AS (
      SELECT f.*, row_number() OVER (PARTITION BY c.document_key ORDER BY f.rrf DESC, f.id) AS rank_in_document
      FROM fused f JOIN knowledge_chunks c ON c.id = f.id)`);

  const sql = `WITH ${ctes.join(',\n')}
    SELECT c.id, c.document_id, c.version, c.tenant_id, c.doc_type, c.applies_to, c.title, c.heading_path, c.section_slug,
           c.line_start, c.line_end, c.content, c.citation,
           capped.vector_rank, capped.distance, capped.text_rank, capped.text_score, capped.rrf
    FROM capped JOIN knowledge_chunks c ON c.id = capped.id
    WHERE capped.rank_in_document <= ${param(input.perDocumentCap, '::int')}
    ORDER BY capped.rrf DESC, c.id
    LIMIT ${param(input.k, '::int')}`;
  return { sql, params };
}
