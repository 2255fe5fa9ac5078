/** The embedder configured by the environment, created once per process (search calls it per query). */
import { loadConfig } from '../../core/config.ts';
import { createEmbedder } from './create-embedder.ts';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';

let cached: { key: string; embedder: KnowledgeEmbedder } | undefined;

export function defaultEmbedder(): KnowledgeEmbedder {
  const config = loadConfig();
  const key = [config.COPILOT_EMBEDDINGS, config.OPENAI_BASE_URL, config.COPILOT_EMBEDDING_DIMENSIONS].join('|');
  if (cached?.key !== key) cached = { key, embedder: createEmbedder(config) };
  return cached.embedder;
}
