/**
 * Knowledge search as every surface uses it: embeds the query, runs the hybrid statement inside the
 * caller's tenant scope (row-level security decides which documents exist for it) and returns hits
 * with citations and a score breakdown.
 */
import type { Database, Queryable, ScopeSetting, Tx } from '../../core/db/database.ts';
import { asOperator, queryInTenantScope, withTenant } from '../../core/db/tenant-scope.ts';
import type { z } from 'zod';
import { AppError, parseOrThrow } from '../../core/errors.ts';
import { defaultEmbedder } from '../embeddings/default-embedder.ts';
import { contentStems } from '../embeddings/text-features.ts';
import type { KnowledgeEmbedder } from '../embeddings/knowledge-embedder.ts';
import { assertSameEmbedder, readIndexInfo } from '../index-metadata.ts';
import { isZeroVector, toVectorLiteral } from '../vector-literal.ts';
import { excerptOf } from './excerpt.ts';
import { LocalSemanticEmbeddings } from '../embeddings/local-semantic-embeddings.ts';
import { loadWordVectors, wordsOf } from '../embeddings/word-vectors/word-vectors.ts';
import { corpusVocabulary } from './corpus-vocabulary.ts';
import { corpusRarity, readSearchContext, type SearchContext } from './search-context.ts';
import {
  cachedSearchContext,
  forgetDatabaseContext,
  forgetSearchContexts,
  forgetLatestSearchContext,
  latestSearchContext,
  rememberLatestSearchContext,
  rememberSearchContext,
} from './search-context-cache.ts';
import { type NeighbourExpansionOptions, neighbourExpansion, synonymExpansion } from './expand-query.ts';
import type { ExpansionTerm, SearchStatement, TextConfidence } from './hybrid-search-sql.ts';
import { buildSearchStatement, isFiltered } from './hybrid-search-sql.ts';
import { searchRequestSchema, type KnowledgeHit, type SearchRequest } from './search-types.ts';

export interface SearchTuning {
  /** RRF constant: larger values flatten the advantage of top ranks (60 in the original paper). */
  rrfK: number;
  vectorWeight: number;
  textWeight: number;
  /**
   * Candidates taken from each list before fusion (default max(40, 4k)). Vector-only searches start
   * from 2k (the HNSW scan LangChain's top-k query makes) and widen to the default only when the
   * per-document cap leaves fewer than k passages.
   */
  candidates?: number;
  /** Fuse chunk ranks (`chunk`) or document ranks (`document`, chunks ordered within their document). */
  fusion?: 'chunk' | 'document';
  /** Add the ops-synonym phrases of concepts found in the query to the text query, below the user's words. */
  expandTextQuery?: boolean;
  /** An expansion term's weight relative to a query term of the same IDF. */
  expansionWeight?: number;
  /** Postings read per query term on the text side (highest BM25 impact first). */
  postingsPerTerm?: number;
  /** Add word-vector neighbours of the query's words to the text query (0 per word: none). */
  neighbours?: NeighbourExpansionOptions;
  /** Expansion terms (synonyms and neighbours) kept per query, the most telling first. */
  maxExpansionTerms?: number;
  /**
   * Query word weights in the offline embedder scaled by the word's rarity in the index:
   * factor = (idf / max idf) ^ exponent (0: general-English weights only).
   */
  corpusWeightExponent?: number;
  /**
   * Hybrid: the text list's fusion weight scaled by how much of the question its best match holds
   * (hybrid-search-sql.ts `TextConfidence`). Off by default: it lifted the dev half's paraphrases but
   * lowered the bundled set (docs/knowledge.md).
   */
  textConfidence?: TextConfidence;
}

/**
 * Chosen on the dev half of the foreign retrieval-dev set and checked on its other half and on the
 * bundled set (docs/knowledge.md): document-level fusion; synonym expansion below the user's words
 * (without it, paraphrase recall@5 on the dev half fell from 0.54 to 0.46); RRF with the
 * customary k = 60 with equal weights (k = 20 with the semantic list weighted 1.5 raised MRR on the
 * dev half but lowered recall@5 on the bundled set from 0.881 to 0.869); query word weights scaled by
 * √(rarity in the index) (dev-half MRR 0.707 → 0.718, check half recall@5 0.567 → 0.611). Word-vector
 * neighbour expansion is off: over the corpus vocabulary it moved dev and check by about one question
 * either way depending on its settings, which is no gain. 40 candidates per list (k = 10) and 300
 * postings per term instead of 50 and 400 left recall@5 and MRR of the dev half and the bundled set
 * as they were (the foreign set's hybrid nDCG@10 moved 0.670 → 0.663: ranks 6–10) and cut hybrid
 * search's work by about a fifth (docs/benchmarks.md, session 5).
 */
export const DEFAULT_SEARCH_TUNING: SearchTuning = {
  rrfK: 60,
  vectorWeight: 1,
  textWeight: 1,
  fusion: 'document',
  expandTextQuery: true,
  expansionWeight: 0.3,
  postingsPerTerm: 300,
  corpusWeightExponent: 0.5,
};

export interface SearchOptions {
  embedder?: KnowledgeEmbedder;
  tuning?: SearchTuning;
}

interface HitRow {
  /** NULL only in the row a search that found nothing answers with (its index version). */
  id: number;
  document_id: string;
  version: number;
  tenant_id: string | null;
  doc_type: string;
  applies_to: string[];
  title: string;
  heading_path: string[];
  section_slug: string;
  line_start: number;
  line_end: number;
  content: string;
  citation: string;
  vector_rank: number | null;
  distance: number | null;
  text_rank: number | null;
  text_score: number | null;
  rrf: number;
  document_rrf: number;
  /** Vector-only statement: candidates its scan returned. */
  scanned?: number;
  /** The index version the statement ran against (search-context-cache.ts). */
  index_version: string | null;
}

function toHit(row: HitRow): KnowledgeHit {
  return {
    citation: {
      ref: row.citation,
      title: row.title,
      documentId: row.document_id,
      version: row.version,
      headingPath: row.heading_path,
      excerpt: excerptOf(row.content),
    },
    chunkId: row.id,
    documentId: row.document_id,
    version: row.version,
    title: row.title,
    docType: row.doc_type,
    appliesTo: row.applies_to,
    visibility: row.tenant_id ? 'tenant' : 'global',
    headingPath: row.heading_path,
    sectionSlug: row.section_slug,
    lineStart: row.line_start,
    lineEnd: row.line_end,
    content: row.content,
    score: {
      rrf: row.rrf,
      documentRrf: row.document_rrf,
      vector: row.vector_rank === null ? null : { rank: row.vector_rank, similarity: 1 - (row.distance ?? 1) },
      text: row.text_rank === null ? null : { rank: row.text_rank, score: row.text_score ?? 0 },
    },
  };
}

export interface TransactionSearchOptions extends SearchOptions {
  /** Only global documents (an operator transaction sees every tenant's; searches without a tenant want none). */
  globalOnly?: boolean;
  /** Called with the index context the search read (searchKnowledge caches it). */
  onContext?: (context: SearchContext) => void;
  /** Try the context this process read last before reading it (default true; searchKnowledge has tried its own). */
  useLatestContext?: boolean;
  /** The transaction is the search's own (searchKnowledge): an unfiltered statement may run from a generic plan. */
  ownTransaction?: boolean;
}

/** A parsed request without its tenant (the scope decides that). */
type SearchInput = Omit<z.output<typeof searchRequestSchema>, 'tenantId'>;

/** What a search runs once its context is known: the statement per candidate count, and how to widen. */
interface PlannedSearch {
  /** The candidate count of the first statement, and the full pool a vector-only search may widen to. */
  first: number;
  full: number;
  /** Vector-only with a vector: the lean statement, which may need a second, wider scan. */
  leanVector: boolean;
  statementFor(candidates: number): SearchStatement;
}

/** The words whose index counts weigh the query vector (hyphenated words also as their parts). */
function queryWords(query: string): string[] {
  return [...new Set(wordsOf(query).flatMap((word) => [word, ...word.split(/['-]/)]))];
}

function candidateCounts(input: SearchInput, tuning: SearchTuning): { full: number; vector: number } {
  const full = Math.min(1000, tuning.candidates ?? Math.max(40, input.k * 4));
  // Vector-only: a top-2k scan first, the full pool only if the per-document cap needs it.
  return { full, vector: Math.min(full, tuning.candidates ?? input.k * 2) };
}

/**
 * Embeds the query against the index's context and builds its statements. Returns undefined when
 * word-vector neighbours are asked for and no transaction is at hand to read the corpus vocabulary.
 */
async function planSearch(
  input: SearchInput,
  context: SearchContext,
  embedder: KnowledgeEmbedder,
  tuning: SearchTuning,
  globalOnly: boolean,
  tx: Queryable | undefined,
): Promise<PlannedSearch | undefined> {
  const { info } = context;
  assertSameEmbedder(info, embedder.id);
  const counts = candidateCounts(input, tuning);
  let vector: number[] | null = null;
  // Without pgvector (vector-support.ts) every search is a text search, whatever mode was asked for.
  const mode = input.mode !== 'text' && !context.vectorsAvailable ? 'text' : input.mode;
  if (mode !== 'text') {
    vector =
      tuning.corpusWeightExponent && embedder instanceof LocalSemanticEmbeddings
        ? await embedder.embedQueryReweighted(input.query, corpusRarity(context, tuning.corpusWeightExponent))
        : await embedder.embedQuery(input.query);
    // A query of only stop words has no direction; cosine distance to it is undefined.
    if (isZeroVector(vector)) vector = null;
  }
  const expansion: ExpansionTerm[] = [];
  if (mode !== 'vector') {
    if (tuning.expandTextQuery) {
      const synonyms = synonymExpansion(input.query);
      if (synonyms) expansion.push({ text: synonyms, weight: tuning.expansionWeight ?? 0.3 });
    }
    if (tuning.neighbours && tuning.neighbours.perWord > 0) {
      if (!tx) return undefined;
      const vectors = await loadWordVectors();
      const vocabulary = await corpusVocabulary(tx, vectors, tuning.neighbours.searchWords, context.version);
      expansion.push(...neighbourExpansion(vectors, input.query, tuning.neighbours, vocabulary));
    }
  }
  const leanVector = mode === 'vector' && vector !== null;
  return {
    first: leanVector ? counts.vector : counts.full,
    full: counts.full,
    leanVector,
    statementFor: (candidates) =>
      buildSearchStatement({
        mode,
        vector: vector ? toVectorLiteral(vector, info.dimension) : null,
        query: input.query,
        expansion,
        ...(tuning.maxExpansionTerms !== undefined ? { maxExpansionTerms: tuning.maxExpansionTerms } : {}),
        ...(tuning.postingsPerTerm !== undefined ? { postingsPerTerm: tuning.postingsPerTerm } : {}),
        k: input.k,
        candidates,
        perDocumentCap: input.perDocumentCap,
        rrfK: tuning.rrfK,
        vectorWeight: tuning.vectorWeight,
        textWeight: tuning.textWeight,
        ...(tuning.textConfidence ? { textConfidence: tuning.textConfidence } : {}),
        fusion: tuning.fusion ?? 'document',
        filters: { ...input.filters, globalOnly },
      }),
  };
}

/**
 * Runs a planned search: the first statement, and — when the per-document cap left fewer than k
 * passages from a scan that returned all it was asked for (more documents lie further down) — the
 * full pool once more. `run` executes a statement with the HNSW candidate list it needs. Returns the
 * hits and the index version the statement answered from (a search that found nothing answers with
 * a row holding only the version).
 */
async function runPlanned(
  plan: PlannedSearch,
  k: number,
  run: (statement: SearchStatement, efSearch: number, widening: boolean) => Promise<HitRow[]>,
): Promise<{ hits: HitRow[]; version: string | null }> {
  const answer = (rows: HitRow[]) => ({ hits: rows.filter((row) => row.id !== null), version: rows[0]?.index_version ?? null });
  const rows = await run(plan.statementFor(plan.first), efSearchFor(plan.first), false);
  const first = answer(rows);
  if (plan.leanVector && plan.first < plan.full && first.hits.length < k && (rows[0]?.scanned ?? 0) >= plan.first) {
    return answer(await run(plan.statementFor(plan.full), efSearchFor(plan.full), true));
  }
  return first;
}

/**
 * The search inside a transaction the caller already holds (a tool running in the policy gate's
 * tenant transaction): that transaction's row-level security decides which private documents exist.
 * The query is embedded first, so with a remote embedder the transaction waits for one API call.
 */
export async function searchKnowledgeInTransaction(
  tx: Tx,
  request: Omit<SearchRequest, 'tenantId'>,
  options: TransactionSearchOptions = {},
): Promise<KnowledgeHit[]> {
  const input = parseOrThrow(searchRequestSchema, request, 'search request');
  const embedder = options.embedder ?? defaultEmbedder();
  const tuning = { ...DEFAULT_SEARCH_TUNING, ...options.tuning };
  // Only stop words or punctuation: nothing to look for (and no direction to embed).
  if (contentStems(input.query).length === 0) return [];
  const words = queryWords(input.query);
  const globalOnly = options.globalOnly ?? false;
  // The context this process last read, if it counts these words: one settings statement instead of
  // the context query. The search statement's version says whether it still held.
  const cached = options.useLatestContext === false ? undefined : latestSearchContext(words);
  if (cached && cached.info.embedder === embedder.id) {
    const plan = await planSearch(input, cached, embedder, tuning, globalOnly, tx);
    if (plan) {
      let answer: { hits: HitRow[]; version: string | null };
      try {
        answer = await runInTransaction(tx, plan, cached, input.k, true);
      } catch (error) {
        // Built for a stale context (a re-index changed the dimension): the next search reads it afresh.
        forgetSearchContexts();
        throw error;
      }
      if (answer.version === cached.version) return answer.hits.map(toHit);
      forgetLatestSearchContext();
    }
  }
  const counts = candidateCounts(input, tuning);
  const context = await readSearchContext(tx, words, efSearchFor(input.mode === 'vector' ? counts.vector : counts.full), {
    genericPlan: (options.ownTransaction ?? false) && !isFiltered(input.filters),
  });
  if (!context) return [];
  options.onContext?.(context);
  rememberLatestSearchContext(context);
  const plan = (await planSearch(input, context, embedder, tuning, globalOnly, tx))!;
  const { hits } = await runInTransaction(tx, plan, context, input.k, false);
  return hits.map(toHit);
}

/** A planned search in the caller's transaction; `setScan`: the HNSW settings are not set yet. */
function runInTransaction(
  tx: Queryable,
  plan: PlannedSearch,
  context: SearchContext,
  k: number,
  setScan: boolean,
): Promise<{ hits: HitRow[]; version: string | null }> {
  return runPlanned(plan, k, async (statement, efSearch, widening) => {
    if (context.vectorsAvailable && setScan && !widening) {
      await tx.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true)`, [
        String(efSearch),
      ]);
    } else if (context.vectorsAvailable && widening) {
      await tx.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(efSearch)]);
    }
    return (await tx.query<HitRow>(statement.sql, statement.params, { prepare: SEARCH_PREPARE })).rows;
  });
}

/**
 * Search statements stay prepared on every backend: their text repeats per shape (mode, filters), and
 * parsing the hybrid statement cost about 1.8 ms of its 14 ms of CPU on the embedded database
 * (docs/benchmarks.md, session 10). PostgreSQL still plans each run for its values: a generic plan
 * would not know the HNSW scan's LIMIT, and its estimate stays above the custom plans' (13 custom
 * plans of 13 runs at 10,000 and 100,000 chunks), so the index scan stays.
 */
const SEARCH_PREPARE = 'everywhere';

/** HNSW candidate list for a scan of this many rows: pgvector's default (40) or more. */
function efSearchFor(candidates: number): number {
  return Math.max(40, candidates);
}

/**
 * With the index's context cached (search-context-cache.ts): the search as one scoped statement —
 * role, tenant and HNSW settings travel with it (one round trip on a PostgreSQL server). Undefined
 * when the cache cannot answer: no context for this database, a query word not counted yet, an
 * index that answered with another version (another process wrote to it), or no row to tell.
 */
async function searchWithCachedContext(
  db: Database,
  tenantId: string | null,
  input: SearchInput,
  embedder: KnowledgeEmbedder,
  tuning: SearchTuning,
): Promise<KnowledgeHit[] | undefined> {
  const context = cachedSearchContext(db, queryWords(input.query));
  if (!context || context.info.embedder !== embedder.id) return undefined;
  const plan = await planSearch(input, context, embedder, tuning, tenantId === null, undefined);
  if (!plan) return undefined;
  let answer: { hits: HitRow[]; version: string | null };
  try {
    answer = await runPlanned(plan, input.k, async (statement, efSearch) => {
      const settings: ScopeSetting[] = context.vectorsAvailable
        ? [
            // Filtered HNSW scans stop after ef_search candidates unless iterative scans are on.
            ['hnsw.iterative_scan', 'relaxed_order'],
            ['hnsw.ef_search', String(efSearch)],
          ]
        : [];
      // An unfiltered search's plan does not depend on its values: planned once per session, not per search.
      if (statement.genericPlan) settings.push(['plan_cache_mode', 'force_generic_plan']);
      return (await queryInTenantScope<HitRow>(db, tenantId, statement.sql, statement.params, { settings, prepare: SEARCH_PREPARE })).rows;
    });
  } catch (error) {
    // A statement built for a stale context can fail (a re-index changed the vector's dimension):
    // the full path reads the index afresh and reports what is wrong.
    if (error instanceof AppError) throw error;
    forgetDatabaseContext(db);
    return undefined;
  }
  if (answer.version !== context.version) {
    forgetDatabaseContext(db);
    return undefined;
  }
  return answer.hits.map(toHit);
}

/**
 * Knowledge search in its own transaction: in the tenant's scope (its private documents plus the
 * global ones), or without a tenant over global documents only. A search whose words the cached
 * index context already counts runs as one statement; otherwise the context is read first, in the
 * same transaction as the search, and cached for the next one.
 */
export async function searchKnowledge(db: Database, request: SearchRequest, options: SearchOptions = {}): Promise<KnowledgeHit[]> {
  const { tenantId, ...rest } = parseOrThrow(searchRequestSchema, request, 'search request');
  let embedder = options.embedder ?? defaultEmbedder();
  if (contentStems(rest.query).length === 0) return [];
  if (embedder.remote && rest.mode !== 'text') {
    // A remote embedder: check the index first (a mismatch fails at once, not after an API call),
    // and embed before the transaction so the call's latency stays out of it.
    const info = await asOperator(db, (tx) => readIndexInfo(tx));
    if (!info) return [];
    assertSameEmbedder(info, embedder.id);
    embedder = withCachedQuery(embedder, rest.query, await embedder.embedQuery(rest.query));
  }
  const tuning = { ...DEFAULT_SEARCH_TUNING, ...options.tuning };
  const cached = await searchWithCachedContext(db, tenantId ?? null, rest, embedder, tuning);
  if (cached) return cached;
  const scoped: TransactionSearchOptions = {
    ...options,
    embedder,
    useLatestContext: false,
    ownTransaction: true,
    onContext: (context) => rememberSearchContext(db, context),
  };
  return tenantId
    ? withTenant(db, tenantId, (tx) => searchKnowledgeInTransaction(tx, rest, scoped))
    : asOperator(db, (tx) => searchKnowledgeInTransaction(tx, rest, { ...scoped, globalOnly: true }));
}

/** The embedder with one query's vector already known. */
function withCachedQuery(embedder: KnowledgeEmbedder, query: string, vector: number[]): KnowledgeEmbedder {
  return {
    id: embedder.id,
    remote: embedder.remote,
    dimension: () => embedder.dimension(),
    embedDocuments: (documents) => embedder.embedDocuments(documents),
    embedQuery: async (text) => (text === query ? vector : embedder.embedQuery(text)),
  };
}
