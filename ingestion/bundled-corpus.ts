/**
 * The runbooks and SOPs shipped in ingestion/corpus, ingested at `npm start` (incremental: a start
 * with unchanged files embeds and writes nothing) and pruned, so the index follows the checkout.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import { createEmbedder } from '../retrieval/embeddings/create-embedder.ts';
import type { KnowledgeEmbedder } from '../retrieval/embeddings/knowledge-embedder.ts';
import { chunkOptionsFromConfig } from './chunking/chunk-options.ts';
import type { IngestProgress, IngestReport } from './ingest-report.ts';
import { ingestPaths } from './ingest-paths.ts';

export const BUNDLED_CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

export interface BundledCorpusOptions {
  config?: Config;
  embedder?: KnowledgeEmbedder;
}

export async function ingestBundledCorpus(
  db: Database,
  onProgress?: (progress: IngestProgress) => void,
  options: BundledCorpusOptions = {},
): Promise<IngestReport> {
  const config = options.config ?? loadConfig();
  return ingestPaths(db, [BUNDLED_CORPUS_DIR], {
    embedder: options.embedder ?? createEmbedder(config),
    chunking: chunkOptionsFromConfig(config),
    maxFileBytes: config.COPILOT_INGEST_MAX_FILE_MB * 1024 * 1024,
    prune: true,
    ...(onProgress ? { onProgress } : {}),
  });
}
