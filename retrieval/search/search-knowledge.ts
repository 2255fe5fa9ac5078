/**
 * Knowledge search as every surface uses it: embeds the query, runs the hybrid statement inside the
 * caller's tenant scope (row-level security decides which documents exist for it) and returns hits
 * with citations and a score breakdown.
 */
import type { Database, Tx } from '../../core/db/database.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { defaultEmbedder } from '../embeddings/default-embedder.ts';
import { contentStems } from '../embeddings/text-features.ts';
import type { KnowledgeEmbedder } from '../embeddings/knowledge-embedder.ts';
import { assertSameEmbedder, readIndexInfo } from '../index-metadata.ts';
import { isZeroVector, toVectorLiteral } from '../vector-literal.ts';
import { excerptOf } from './excerpt.ts';
import { LocalSemanticEmbeddings } from '../embeddings/local-semantic-embeddings.ts';
import { loadWordVectors, wordsOf } from '../embeddings/word-vectors/word-vectors.ts';
import { corpusVocabulary } from './corpus-vocabulary.ts';
import { corpusRarity, readSearchContext } from './search-context.ts';
import { type NeighbourExpansionOptions, neighbourExpansion, synonymExpansion } from './expand-query.ts';
import type { ExpansionTerm, TextConfidence } from './hybrid-search-sql.ts';
import { buildSearchStatement } from './hybrid-search-sql.ts';
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
  const fullCandidates = Math.min(1000, tuning.candidates ?? Math.max(40, input.k * 4));
  // Vector-only: a top-2k scan first, the full pool only if the per-document cap needs it (below).
  const vectorCandidates = Math.min(fullCandidates, tuning.candidates ?? input.k * 2);

  // Only stop words or punctuation: nothing to look for (and no direction to embed).
  if (contentStems(input.query).length === 0) return [];
  // Hyphenated words reach the embedder as their parts when the whole word is unknown.
  const words = [...new Set(wordsOf(input.query).flatMap((word) => [word, ...word.split(/['-]/)]))];
  const vectorOnly = input.mode === 'vector';
  const context = await readSearchContext(tx, words, efSearchFor(vectorOnly ? vectorCandidates : fullCandidates));
  if (!context) return [];
  const { info } = context;
  assertSameEmbedder(info, embedder.id);
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
      const vectors = await loadWordVectors();
      const vocabulary = await corpusVocabulary(tx, vectors, tuning.neighbours.searchWords, context.version);
      expansion.push(...neighbourExpansion(vectors, input.query, tuning.neighbours, vocabulary));
    }
  }
  const statementFor = (candidates: number) =>
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
      filters: { ...input.filters, globalOnly: options.globalOnly ?? false },
    });
  const leanVector = mode === 'vector' && vector !== null;
  const first = leanVector ? vectorCandidates : fullCandidates;
  let statement = statementFor(first);
  // Prepared on a PostgreSQL server: the statement's text repeats per shape, planning was about a
  // fifth of its time (docs/benchmarks.md, session 7).
  let result = await tx.query<HitRow>(statement.sql, statement.params, { prepare: true });
  // The cap left fewer than k passages from a scan that returned all it was asked for: more
  // documents lie further down, so scan the full pool (one more round trip, only then).
  if (leanVector && first < fullCandidates && result.rows.length < input.k && (result.rows[0]?.scanned ?? 0) >= first) {
    await tx.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(efSearchFor(fullCandidates))]);
    statement = statementFor(fullCandidates);
    result = await tx.query<HitRow>(statement.sql, statement.params, { prepare: true });
  }
  return result.rows.map(toHit);
}

/** HNSW candidate list for a scan of this many rows: pgvector's default (40) or more. */
function efSearchFor(candidates: number): number {
  return Math.max(40, candidates);
}

/**
 * Knowledge search in its own transaction: in the tenant's scope (its private documents plus the
 * global ones), or without a tenant over global documents only.
 */
export async function searchKnowledge(db: Database, request: SearchRequest, options: SearchOptions = {}): Promise<KnowledgeHit[]> {
  const { tenantId, ...rest } = parseOrThrow(searchRequestSchema, request, 'search request');
  let embedder = options.embedder ?? defaultEmbedder();
  if (embedder.remote && rest.mode !== 'text') {
    // A remote embedder: check the index first (a mismatch fails at once, not after an API call),
    // and embed before the transaction so the call's latency stays out of it.
    const info = await asOperator(db, (tx) => readIndexInfo(tx));
    if (!info) return [];
    assertSameEmbedder(info, embedder.id);
    embedder = withCachedQuery(embedder, rest.query, await embedder.embedQuery(rest.query));
  }
  const scoped: TransactionSearchOptions = { ...options, embedder };
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
