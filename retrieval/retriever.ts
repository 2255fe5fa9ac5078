/**
 * The knowledge index as a LangChain retriever, so the agent (and anyone's own chains) can use it
 * natively: `await retriever.invoke("customer charged twice")` returns Documents whose metadata
 * carries the citation (`doc-id#section-slug`, version, heading path) and the score breakdown.
 */
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Database } from '../core/db/database.ts';
import type { Citation } from './citation.ts';
import type { KnowledgeEmbedder } from './embeddings/knowledge-embedder.ts';
import { searchKnowledge, type SearchTuning } from './search/search-knowledge.ts';
import type { KnowledgeHit, ScoreBreakdown, SearchFilters, SearchMode } from './search/search-types.ts';

export interface KnowledgeDocumentMetadata {
  citation: Citation;
  ref: string;
  documentId: string;
  version: number;
  title: string;
  headingPath: string[];
  sectionSlug: string;
  lineStart: number;
  lineEnd: number;
  docType: string;
  visibility: 'global' | 'tenant';
  score: ScoreBreakdown;
}

export interface KnowledgeRetrieverInput extends BaseRetrieverInput {
  db: Database;
  /** The tenant whose view is searched; absent: global documents only. */
  tenantId?: string;
  k?: number;
  mode?: SearchMode;
  filters?: SearchFilters;
  perDocumentCap?: number;
  embedder?: KnowledgeEmbedder;
  tuning?: SearchTuning;
}

export function hitToDocument(hit: KnowledgeHit): Document<KnowledgeDocumentMetadata> {
  return new Document<KnowledgeDocumentMetadata>({
    id: hit.citation.ref,
    pageContent: hit.content,
    metadata: {
      citation: hit.citation,
      ref: hit.citation.ref,
      documentId: hit.documentId,
      version: hit.version,
      title: hit.title,
      headingPath: hit.headingPath,
      sectionSlug: hit.sectionSlug,
      lineStart: hit.lineStart,
      lineEnd: hit.lineEnd,
      docType: hit.docType,
      visibility: hit.visibility,
      score: hit.score,
    },
  });
}

export class KnowledgeRetriever extends BaseRetriever<KnowledgeDocumentMetadata> {
  static override lc_name(): string {
    return 'KnowledgeRetriever';
  }

  override lc_namespace = ['ops_copilot', 'retrievers', 'knowledge'];

  private readonly options: KnowledgeRetrieverInput;

  constructor(options: KnowledgeRetrieverInput) {
    super(options);
    this.options = options;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<KnowledgeDocumentMetadata>[]> {
    const { db, tenantId, k, mode, filters, perDocumentCap, embedder, tuning } = this.options;
    const hits = await searchKnowledge(
      db,
      {
        query,
        ...(tenantId ? { tenantId } : {}),
        ...(k ? { k } : {}),
        ...(mode ? { mode } : {}),
        ...(filters ? { filters } : {}),
        ...(perDocumentCap ? { perDocumentCap } : {}),
      },
      { ...(embedder ? { embedder } : {}), ...(tuning ? { tuning } : {}) },
    );
    return hits.map(hitToDocument);
  }
}
