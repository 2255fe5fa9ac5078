/**
 * The search statement. Vector candidates come from the HNSW index (cosine), text candidates from
 * BM25F over the postings index: each query term (PostgreSQL's English stemming, as the index) reads
 * only its highest-impact postings, weighted by IDF from the term statistics; synonym-expansion terms
 * count at a fraction of that and, together, never more than half the user's own words. The two
 * ranked lists are fused
 * with Reciprocal Rank Fusion — score = Σ weight / (k + rank) — which needs no score calibration
 * between the two. A per-document cap keeps one long runbook from filling the top k. Filters sit in
 * the same WHERE as the index scans; with hnsw.iterative_scan the scan continues until enough rows
 * pass them (pgvector 0.8), and the MATERIALIZED CTE restores exact distance order afterwards.
 */
import { ValidationError } from '../../core/errors.ts';
import { indexVersionSql } from './search-context.ts';
import type { SearchMode } from './search-types.ts';

/** Every row says which index version it was found in (search-context-cache.ts). */
const INDEX_VERSION_COLUMN = `(SELECT ${indexVersionSql('iv')} FROM knowledge_index iv) AS index_version`;
/** The hit columns before the version (id, document_id, …, document_rrf). */
const HIT_COLUMNS = 19;

/**
 * A search that finds nothing still answers with one row: all hit columns NULL (id NULL marks it)
 * and the index version, so a caller with a cached context learns which version said "nothing".
 */
function withVersionRowWhenEmpty(select: string, hitsTable: string, extra = ''): string {
  return `(${select})
    UNION ALL
    (SELECT ${Array.from({ length: HIT_COLUMNS }, () => 'NULL').join(', ')}${extra}, ${INDEX_VERSION_COLUMN}
     WHERE NOT EXISTS (SELECT 1 FROM ${hitsTable}))`;
}

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
  /**
   * True when the statement has no filters: its best plan does not depend on its values (the row
   * counts are in its text), so a prepared copy may run from PostgreSQL's generic plan, planned once
   * per session. Left to the plan cache, the fused statement re-plans every run (its custom plans are
   * estimated cheaper), which is about a quarter of a hybrid search's CPU at 10,000 chunks
   * (docs/benchmarks.md, session 11). With filters the plan cache decides: a filter that leaves few
   * rows may want another plan than the HNSW scan.
   */
  genericPlan: boolean;
}

/**
 * Query-performance prediction for the fusion: factor = max(floor, (best text score ÷ the total IDF
 * of the user's terms) ^ exponent), at most 1. A chunk holding each query term once scores about that
 * total, so the factor says how much of the question the text side found; a paraphrase's best match
 * holds little of it. `presentTermsOnly`: the total counts only terms the index contains.
 */
export interface TextConfidence {
  exponent: number;
  floor?: number;
  presentTermsOnly?: boolean;
}

export interface ExpansionTerm {
  text: string;
  weight: number;
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
  /**
   * Extra terms (synonyms of concepts in the query, word-vector neighbours of its words), each with
   * its weight relative to a query term of the same IDF (below 1: never above the user's own words).
   */
  expansion?: readonly ExpansionTerm[];
  /** Expansion terms kept (the most telling, by weight × IDF). */
  maxExpansionTerms?: number;
  /** Postings read per query term (highest impact first): bounds the text side's work on big indexes. */
  postingsPerTerm?: number;
  /** Hybrid: the text list's fusion weight scaled by how much of the query its best match holds (absent: fixed). */
  textConfidence?: TextConfidence;
  /** `chunk`: rank chunks by their own fused score; `document` (default): fuse document ranks, then order chunks within. */
  fusion?: 'chunk' | 'document';
  filters: SqlFilters;
}

export function buildSearchStatement(input: StatementInput): SearchStatement {
  return input.mode === 'vector' && input.vector !== null ? buildVectorStatement(input) : buildFusedStatement(input);
}

/** Both lists and their fusion (any mode; vector mode has a leaner statement with the same results). */
export function buildFusedStatement(input: StatementInput): SearchStatement {
  const params: unknown[] = [];
  const param = (value: unknown, cast = ''): string => {
    params.push(value);
    return `$${params.length}${cast}`;
  };

  const where = filterConditions(input.filters, param);
  // Row counts in the text, not parameters (see buildVectorStatement): the plan cache can keep a generic plan.
  const candidates = integerLiteral(input.candidates, 'candidates');
  const rrfK = param(input.rrfK, '::float8');

  const useVector = input.mode !== 'text' && input.vector !== null;
  const useText = input.mode !== 'vector';
  // Each list ranks chunks (rank) and, by their best chunk, documents (document_rank).
  const ranked = (name: string, hits: string, order: string): string => `${name} AS (
      SELECT id, document_key, score, rank, dense_rank() OVER (ORDER BY best_rank) AS document_rank FROM (
        SELECT id, document_key, score, rank, min(rank) OVER (PARTITION BY document_key) AS best_rank FROM (
          SELECT id, document_key, score, row_number() OVER (ORDER BY ${order}, id) AS rank FROM ${hits}) AS chunk_ranks) AS best)`;
  const ctes: string[] = [];
  if (useVector) {
    const vector = param(input.vector, '::vector');
    ctes.push(`vector_hits AS MATERIALIZED (
      SELECT c.id, c.document_key, c.embedding <=> ${vector} AS score
      FROM knowledge_chunks c
      WHERE ${where} AND c.embedding IS NOT NULL
      ORDER BY c.embedding <=> ${vector}
      LIMIT ${candidates})`);
    ctes.push(ranked('vector_ranked', 'vector_hits', 'score'));
  }
  if (useText) {
    const query = param(input.query, '::text');
    const expansionTexts = param(
      (input.expansion ?? []).map((term) => term.text),
      '::text[]',
    );
    const expansionWeights = param(
      (input.expansion ?? []).map((term) => Math.min(0.99, Math.max(0, term.weight))),
      '::float8[]',
    );
    const perTerm = integerLiteral(input.postingsPerTerm ?? 300, 'postingsPerTerm');
    // Query terms: the user's words (weight 1) and expansion terms not among them (weight < 1).
    ctes.push(`text_terms AS MATERIALIZED (
      SELECT lexeme, max(weight) AS weight FROM (
        SELECT lexeme, 1::float8 AS weight FROM unnest(to_tsvector('english'::regconfig, ${query}))
        UNION ALL
        SELECT t.lexeme, e.weight FROM unnest(${expansionTexts}, ${expansionWeights}) AS e (text, weight)
          CROSS JOIN LATERAL unnest(to_tsvector('english'::regconfig, e.text)) AS t) AS terms
      GROUP BY lexeme)`);
    // IDF (Lucene's BM25 form, never negative) from global term statistics; the user's terms first,
    // then the most telling expansion terms that occur in the index, 32 in all, which bounds the postings read.
    ctes.push(`text_idf AS MATERIALIZED (
      SELECT t.lexeme, t.weight < 1 AS expanded, coalesce(s.chunks, 0) > 0 AS present,
             t.weight * ln(1 + greatest(n.total - coalesce(s.chunks, 0), 0) / (coalesce(s.chunks, 0) + 0.5)) AS idf
      FROM text_terms t
      -- One primary-key lookup per term, not a hash join over every term statistic.
      LEFT JOIN LATERAL (SELECT st.chunks FROM knowledge_term_stats st WHERE st.lexeme = t.lexeme LIMIT 1) s ON true
      CROSS JOIN (SELECT greatest(coalesce((SELECT chunk_count FROM knowledge_index), 0), 1)::float8 + 0.5 AS total) n
      WHERE t.weight >= 1 OR s.chunks > 0
      ORDER BY t.weight >= 1 DESC, idf DESC, t.lexeme LIMIT 32)`);
    // At most maxExpansionTerms expansion terms (each costs a postings scan).
    const maxExpansion = integerLiteral(input.maxExpansionTerms ?? 12, 'maxExpansionTerms');
    // Expansion terms together weigh at most half of the user's terms.
    ctes.push(`text_weights AS MATERIALIZED (
      SELECT lexeme, CASE WHEN expanded THEN idf * least(1, 0.5 * user_total / nullif(expanded_total, 0)) ELSE idf END AS weight
      FROM (SELECT *, coalesce(sum(idf) FILTER (WHERE NOT expanded) OVER (), 0) AS user_total,
                      coalesce(sum(idf) FILTER (WHERE expanded) OVER (), 0) AS expanded_total
            FROM (SELECT *, row_number() OVER (PARTITION BY expanded ORDER BY idf DESC, lexeme) AS place FROM text_idf) AS placed
            WHERE NOT expanded OR place <= ${maxExpansion}) AS totals)`);
    const scopedPostings = input.filters.globalOnly ? ' AND p.tenant_id IS NULL' : '';
    const filtered = isFiltered(input.filters);
    // With filters, they apply inside each term's scan, so the postings read are ones that can match.
    const postings = filtered
      ? `SELECT p.chunk_id, p.impact FROM knowledge_postings p JOIN knowledge_chunks c ON c.id = p.chunk_id
         WHERE p.lexeme = w.lexeme${scopedPostings} AND ${where} ORDER BY p.impact DESC LIMIT ${perTerm}`
      : `SELECT p.chunk_id, p.impact FROM knowledge_postings p
         WHERE p.lexeme = w.lexeme${scopedPostings} ORDER BY p.impact DESC LIMIT ${perTerm}`;
    ctes.push(`text_scores AS MATERIALIZED (
      SELECT hit.chunk_id, sum(w.weight * hit.impact) AS score
      FROM text_weights w CROSS JOIN LATERAL (${postings}) AS hit
      WHERE w.weight > 0
      GROUP BY hit.chunk_id ORDER BY score DESC, hit.chunk_id LIMIT ${candidates} * 2)`);
    ctes.push(`text_hits AS MATERIALIZED (
      SELECT c.id, c.document_key, t.score FROM text_scores t JOIN knowledge_chunks c ON c.id = t.chunk_id
      WHERE ${where}
      ORDER BY t.score DESC, c.id LIMIT ${candidates})`);
    ctes.push(ranked('text_ranked', 'text_hits', 'score DESC'));
  }
  // An empty list keeps the statement's shape when a mode (or a query without content words) skips one side.
  if (!useVector)
    ctes.push(
      `vector_ranked AS (SELECT NULL::bigint AS id, NULL::bigint AS document_key, NULL::float8 AS score, NULL::bigint AS rank, NULL::bigint AS document_rank WHERE false)`,
    );
  if (!useText)
    ctes.push(
      `text_ranked AS (SELECT NULL::bigint AS id, NULL::bigint AS document_key, NULL::float8 AS score, NULL::bigint AS rank, NULL::bigint AS document_rank WHERE false)`,
    );

  const vectorWeight = param(input.vectorWeight, '::float8');
  let textWeight = param(input.textWeight, '::float8');
  const confidence = input.textConfidence;
  if (useText && useVector && confidence && confidence.exponent > 0) {
    const terms = `SELECT lexeme FROM text_idf WHERE NOT expanded${confidence.presentTermsOnly ? ' AND present' : ''}`;
    ctes.push(`text_confidence AS MATERIALIZED (
      SELECT greatest(${param(confidence.floor ?? 0, '::float8')},
                      least(1, coalesce((SELECT max(score) FROM text_scores), 0)
                               / nullif((SELECT sum(weight) FROM text_weights WHERE lexeme IN (${terms})), 0))
                      ^ ${param(confidence.exponent, '::float8')}) AS factor)`);
    textWeight = `(${textWeight} * coalesce((SELECT factor FROM text_confidence), 1))`;
  }
  const rrf = (vectorRank: string, textRank: string): string =>
    `coalesce(${vectorWeight} / (${rrfK} + ${vectorRank}), 0) + coalesce(${textWeight} / (${rrfK} + ${textRank}), 0)`;
  ctes.push(`fused AS (
      SELECT coalesce(v.id, t.id) AS id, coalesce(v.document_key, t.document_key) AS document_key,
             v.rank AS vector_rank, v.score AS distance, t.rank AS text_rank, t.score AS text_score,
             ${rrf('v.rank', 't.rank')} AS rrf
      FROM vector_ranked v FULL JOIN text_ranked t ON t.id = v.id)`);
  ctes.push(`document_scores AS (
      SELECT coalesce(v.document_key, t.document_key) AS document_key, ${rrf('v.document_rank', 't.document_rank')} AS document_rrf
      FROM (SELECT DISTINCT document_key, document_rank FROM vector_ranked) v
      FULL JOIN (SELECT DISTINCT document_key, document_rank FROM text_ranked) t ON t.document_key = v.document_key)`);
  ctes.push(`capped AS (
      SELECT f.*, d.document_rrf, row_number() OVER (PARTITION BY f.document_key ORDER BY f.rrf DESC, f.id) AS rank_in_document
      FROM fused f JOIN document_scores d ON d.document_key = f.document_key)`);

  // Document fusion orders documents by their fused document ranks, then their chunks; chunk fusion
  // orders chunks by their own fused ranks.
  const order = (table: string): string =>
    (input.fusion ?? 'document') === 'document'
      ? `${table}.document_rrf DESC, ${table}.rrf DESC, ${table}.id`
      : `${table}.rrf DESC, ${table}.id`;
  // The k results are chosen before their rows are read: only k chunks' text leaves the table.
  ctes.push(`top_hits AS MATERIALIZED (
      SELECT * FROM capped WHERE rank_in_document <= ${integerLiteral(input.perDocumentCap, 'perDocumentCap')}
      ORDER BY ${order('capped')} LIMIT ${integerLiteral(input.k, 'k')})`);
  const select = `SELECT c.id, c.document_id, c.version, c.tenant_id, c.doc_type, c.applies_to, c.title, c.heading_path, c.section_slug,
           c.line_start, c.line_end, c.content, c.citation,
           top_hits.vector_rank, top_hits.distance, top_hits.text_rank, top_hits.text_score, top_hits.rrf, top_hits.document_rrf,
           ${INDEX_VERSION_COLUMN}
    FROM top_hits JOIN knowledge_chunks c ON c.id = top_hits.id
    ORDER BY ${order('top_hits')}`;
  const sql = `WITH ${ctes.join(',\n')}
    ${withVersionRowWhenEmpty(select, 'top_hits')}`;
  return { sql, params, genericPlan: !isFiltered(input.filters) };
}

/** Filters beyond the scope's own (global only or not): types, applies-to, document ids. */
export function isFiltered(filters: Partial<SqlFilters>): boolean {
  return Boolean(filters.types?.length || filters.appliesTo?.length || filters.documentIds?.length);
}

/** The WHERE conditions of a chunk scan: current chunks passing the request's filters. */
function filterConditions(filters: SqlFilters, param: (value: unknown, cast?: string) => string): string {
  const conditions = ['c.is_current'];
  if (filters.globalOnly) conditions.push('c.tenant_id IS NULL');
  if (filters.types?.length) conditions.push(`c.doc_type = ANY(${param(filters.types, '::text[]')})`);
  if (filters.appliesTo?.length) conditions.push(`c.applies_to && ${param(filters.appliesTo, '::text[]')}`);
  if (filters.documentIds?.length) conditions.push(`c.document_id = ANY(${param(filters.documentIds, '::text[]')})`);
  return conditions.join(' AND ');
}

/**
 * Vector-only search: the HNSW scan and the per-document cap, without the fusion machinery (one
 * list needs none). Same order and scores as the general statement gives for vector mode: documents
 * by their best chunk, chunks by distance within them, rrf = weight / (k + rank). Each row also says
 * how many candidates the scan returned (`scanned`): when the cap leaves fewer than k rows and the
 * scan was full, the caller widens the candidate pool and asks again.
 */
function buildVectorStatement(input: StatementInput): SearchStatement {
  const params: unknown[] = [];
  const param = (value: unknown, cast = ''): string => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const where = filterConditions(input.filters, param);
  const vector = param(input.vector, '::vector');
  const rrfK = param(input.rrfK, '::float8');
  const weight = param(input.vectorWeight, '::float8');
  // The row counts are part of the text, not parameters: with them known, PostgreSQL's plan cache
  // settles on a generic plan (the HNSW scan, planned once per session) after a few runs, where a
  // LIMIT parameter — estimated at a tenth of the table — keeps the generic plan dearer than the
  // custom ones and re-plans every search (about 1 ms of a 5 ms search's CPU at 10,000 chunks,
  // docs/benchmarks.md session 11). Few texts result: k and the cap are small request integers.
  const candidates = integerLiteral(input.candidates, 'candidates');
  const cap = integerLiteral(input.perDocumentCap, 'perDocumentCap');
  const k = integerLiteral(input.k, 'k');
  // The scan reads each candidate's row anyway (filters), so it carries the columns a hit returns:
  // no join back to the chunks for the k chosen (about 0.7 ms of CPU less per search at 10,000
  // chunks, docs/benchmarks.md session 8).
  const ctes = `WITH hits AS MATERIALIZED (
      SELECT c.id, c.document_key, c.embedding <=> ${vector} AS distance, c.document_id, c.version, c.tenant_id, c.doc_type,
             c.applies_to, c.title, c.heading_path, c.section_slug, c.line_start, c.line_end, c.content, c.citation
      FROM knowledge_chunks c
      WHERE ${where} AND c.embedding IS NOT NULL
      ORDER BY c.embedding <=> ${vector}
      LIMIT ${candidates}),
    ranked AS (
      SELECT *, min(rank) OVER (PARTITION BY document_key) AS best_rank,
             row_number() OVER (PARTITION BY document_key ORDER BY rank) AS rank_in_document
      FROM (SELECT *, row_number() OVER (ORDER BY distance, id) AS rank FROM hits) AS ordered),
    capped AS (
      SELECT * FROM ranked WHERE rank_in_document <= ${cap}
      ORDER BY ${(input.fusion ?? 'document') === 'document' ? 'best_rank, rank' : 'rank'}
      LIMIT ${k})`;
  const select = `SELECT id, document_id, version, tenant_id, doc_type, applies_to, title, heading_path, section_slug,
           line_start, line_end, content, citation,
           rank AS vector_rank, distance, NULL::bigint AS text_rank, NULL::float8 AS text_score,
           ${weight} / (${rrfK} + rank) AS rrf, ${weight} / (${rrfK} + dense_rank() OVER (ORDER BY best_rank)) AS document_rrf,
           (SELECT count(*) FROM hits)::int AS scanned, ${INDEX_VERSION_COLUMN}
    FROM capped
    ORDER BY ${(input.fusion ?? 'document') === 'document' ? 'best_rank, rank' : 'rank'}`;
  const sql = `${ctes}
    ${withVersionRowWhenEmpty(select, 'capped', ', (SELECT count(*) FROM hits)::int')}`;
  return { sql, params, genericPlan: !isFiltered(input.filters) };
}

/** A row count written into a statement's text: a non-negative safe integer, or a typed error (never text from outside). */
function integerLiteral(value: number, name: string): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new ValidationError(`${name} must be a non-negative integer, got ${value}`);
  return String(value);
}
