/** Builds the configured embedder from COPILOT_EMBEDDINGS (`local`, `openai:<model>` or `ollama:<model>`). */
import type { Config } from '../../core/config.ts';
import { ConfigurationError } from '../../core/errors.ts';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';
import { LocalSemanticEmbeddings } from './local-semantic-embeddings.ts';
import { OllamaKnowledgeEmbeddings } from './ollama-embeddings.ts';
import { OpenAICompatibleEmbeddings } from './openai-compatible-embeddings.ts';

export type EmbedderConfig = Pick<Config, 'COPILOT_EMBEDDINGS' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'> & {
  COPILOT_EMBEDDING_DIMENSIONS?: number | undefined;
  OLLAMA_BASE_URL?: string | undefined;
};

export function createEmbedder(config: EmbedderConfig): KnowledgeEmbedder {
  const spec = config.COPILOT_EMBEDDINGS;
  if (spec === 'local') return new LocalSemanticEmbeddings();
  if (spec.startsWith('openai:') && spec.length > 'openai:'.length) {
    return new OpenAICompatibleEmbeddings({
      model: spec.slice('openai:'.length),
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      dimensions: config.COPILOT_EMBEDDING_DIMENSIONS,
    });
  }
  if (spec.startsWith('ollama:') && spec.length > 'ollama:'.length) {
    return new OllamaKnowledgeEmbeddings({
      model: spec.slice('ollama:'.length),
      baseUrl: config.OLLAMA_BASE_URL ?? 'http://127.0.0.1:11434',
    });
  }
  throw new ConfigurationError(`COPILOT_EMBEDDINGS must be "local", "openai:<model>" or "ollama:<model>", got ${JSON.stringify(spec)}`, {
    variables: ['COPILOT_EMBEDDINGS'],
  });
}
