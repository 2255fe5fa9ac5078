/** Ingestion's public surface: files and documents into the knowledge index. */
export { ingestPaths, type IngestPathsOptions } from './ingest-paths.ts';
export { ingestDocuments, documentHash, BULK_LOAD_DOCUMENTS, type IngestOptions } from './ingest-documents.ts';
export { ingestBundledCorpus, BUNDLED_CORPUS_DIR, type BundledCorpusOptions } from './bundled-corpus.ts';
export {
  emptyReport,
  nothingIngested,
  type IngestReport,
  type IngestProgress,
  type IngestedDocument,
  type SkippedFile,
  type PrunedDocument,
} from './ingest-report.ts';
export { loadFile, DEFAULT_MAX_FILE_BYTES } from './loaders/load-file.ts';
export { chunkDocument, DEFAULT_CHUNK_OPTIONS, type ChunkOptions, type DocumentChunk } from './chunking/chunk-document.ts';
export { chunkOptionsFromConfig } from './chunking/chunk-options.ts';
export type { SourceDocument, Block } from './source-document.ts';
export { loadMarkdown } from './loaders/markdown-loader.ts';
