/**
 * Knowledge search inside the caller's tenant transaction. retrieval's searchKnowledge(db, …) opens
 * a transaction of its own; a tool already runs inside the gate's transaction, and on the embedded
 * single-connection database a second transaction waits for the first forever. This runs the same
 * statement (retrieval's buildSearchStatement, with the same embedder check) in `tx`, where row-level
 * security shows the tenant's private documents and the global ones.
 * When retrieval/ exports a transaction-scoped search, this file should go.
 */
import type { Tx } from '../../core/db/database.ts';
import { defaultEmbedder } from '../../retrieval/embeddings/default-embedder.ts';
import type { KnowledgeEmbedder } from '../../retrieval/embeddings/knowledge-embedder.ts';
import { assertSameEmbedder, readIndexInfo } from '../../retrieval/index-metadata.ts';
import { excerptOf } from '../../retrieval/search/excerpt.ts';
import { buildSearchStatement } from '../../retrieval/search/hybrid-search-sql.ts';
import { DEFAULT_SEARCH_TUNING } from '../../retrieval/search/search-knowledge.ts';
import { isZeroVector, toVectorLiteral } from '../../retrieval/vector-literal.ts';

export interface PassageHit {
  ref: string;
  documentId: string;
  version: number;
  title: string;
  docType: string;
  appliesTo: string[];
  headingPath: string[];
  content: string;
  excerpt: string;
  visibility: 'global' | 'tenant';
  score: number;
}

export interface PassageQuery {
  query: string;
  k: number;
  types?: readonly string[];
  appliesTo?: readonly string[];
}

interface Row {
  document_id: string;
  version: number;
  tenant_id: string | null;
  doc_type: string;
  applies_to: string[];
  title: string;
  heading_path: string[];
  content: string;
  citation: string;
  rrf: number;
}

export async function searchKnowledgeInTransaction(tx: Tx, query: PassageQuery, embedder: KnowledgeEmbedder = defaultEmbedder()): Promise<PassageHit[]> {
  const info = await readIndexInfo(tx);
  if (!info) return [];
  assertSameEmbedder(info, embedder.id);
  const embedded = await embedder.embedQuery(query.query);
  // A query of only stop words has no direction; the text half of the search still runs.
  const vector = isZeroVector(embedded) ? null : toVectorLiteral(embedded, info.dimension);
  const candidates = Math.max(50, query.k * 5);
  // Filtered HNSW scans stop after ef_search candidates unless iterative scans are on (transaction-local).
  await tx.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true)`, [String(candidates)]);
  const statement = buildSearchStatement({
    mode: 'hybrid',
    vector,
    query: query.query,
    k: query.k,
    candidates,
    perDocumentCap: 2,
    rrfK: DEFAULT_SEARCH_TUNING.rrfK,
    vectorWeight: DEFAULT_SEARCH_TUNING.vectorWeight,
    textWeight: DEFAULT_SEARCH_TUNING.textWeight,
    filters: { ...(query.types ? { types: query.types } : {}), ...(query.appliesTo ? { appliesTo: query.appliesTo } : {}), globalOnly: false },
  });
  const result = await tx.query<Row>(statement.sql, statement.params);
  return result.rows.map((row) => ({
    ref: row.citation,
    documentId: row.document_id,
    version: row.version,
    title: row.title,
    docType: row.doc_type,
    appliesTo: row.applies_to,
    headingPath: row.heading_path,
    content: row.content,
    excerpt: excerptOf(row.content),
    visibility: row.tenant_id ? 'tenant' : 'global',
    score: row.rrf,
  }));
}
