/** Builds the configured embedder from COPILOT_EMBEDDINGS (`local` or `openai:<model>`). */
import type { Config } from '../../core/config.ts';
import { ConfigurationError } from '../../core/errors.ts';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';
import { LocalHashEmbeddings } from './local-hash-embeddings.ts';
import { OpenAICompatibleEmbeddings } from './openai-compatible-embeddings.ts';

export type EmbedderConfig = Pick<Config, 'COPILOT_EMBEDDINGS' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'> & {
  COPILOT_EMBEDDING_DIMENSIONS?: number | undefined;
};

export function createEmbedder(config: EmbedderConfig): KnowledgeEmbedder {
  const spec = config.COPILOT_EMBEDDINGS;
  if (spec === 'local') return new LocalHashEmbeddings();
  if (spec.startsWith('openai:') && spec.length > 'openai:'.length) {
    return new OpenAICompatibleEmbeddings({
      model: spec.slice('openai:'.length),
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      dimensions: config.COPILOT_EMBEDDING_DIMENSIONS,
    });
  }
  throw new ConfigurationError(`COPILOT_EMBEDDINGS must be "local" or "openai:<model>", got ${JSON.stringify(spec)}`, {
    variables: ['COPILOT_EMBEDDINGS'],
  });
}
