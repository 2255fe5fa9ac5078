/** The knowledge index's public surface: search, documents and citations, embedders, the retriever. */
export {
  searchKnowledge,
  searchKnowledgeInTransaction,
  DEFAULT_SEARCH_TUNING,
  type SearchOptions,
  type SearchTuning,
  type TransactionSearchOptions,
} from './search/search-knowledge.ts';
export {
  searchModeSchema,
  searchFiltersSchema,
  searchRequestSchema,
  type SearchMode,
  type SearchFilters,
  type SearchRequest,
  type KnowledgeHit,
  type ScoreBreakdown,
} from './search/search-types.ts';
export {
  getDocument,
  listDocuments,
  listPrivateDocumentHashes,
  type PrivateDocumentHash,
  resolveCitation,
  parseCitationRef,
  type KnowledgeDocument,
  type KnowledgeDocumentSummary,
  type KnowledgeSection,
  type ResolvedCitation,
} from './documents.ts';
export { KnowledgeRetriever, hitToDocument, type KnowledgeRetrieverInput, type KnowledgeDocumentMetadata } from './retriever.ts';
export { createEmbedder } from './embeddings/create-embedder.ts';
export { defaultEmbedder } from './embeddings/default-embedder.ts';
export { LocalHashEmbeddings, LOCAL_EMBEDDER_DIMENSION, LOCAL_EMBEDDER_VERSION } from './embeddings/local-hash-embeddings.ts';
export { LocalSemanticEmbeddings } from './embeddings/local-semantic-embeddings.ts';
export { loadWordVectors, sentenceVector, cosine, wordsOf, WordVectors } from './embeddings/word-vectors/word-vectors.ts';
export { OpenAICompatibleEmbeddings } from './embeddings/openai-compatible-embeddings.ts';
export type { KnowledgeEmbedder } from './embeddings/knowledge-embedder.ts';
export { reindexKnowledge, bindIndexToEmbedder, type ReindexReport } from './index-lifecycle.ts';
export { readIndexInfo, IndexMismatchError, type IndexInfo } from './index-metadata.ts';
export { type Citation, citationSchema } from './citation.ts';
export { KNOWLEDGE_TABLES } from './knowledge-tables.ts';
