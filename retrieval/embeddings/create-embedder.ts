/** Builds the configured embedder from COPILOT_EMBEDDINGS (`local`, `openai:<model>` or `ollama:<model>`). */
import type { Config } from '../../core/config.ts';
import { ConfigurationError } from '../../core/errors.ts';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';
import { LazyEmbedder } from './lazy-embedder.ts';
import { LocalSemanticEmbeddings } from './local-semantic-embeddings.ts';
import { openAIEmbedderId, requireOpenAIEndpoint } from './remote-embedder-ids.ts';

export type EmbedderConfig = Pick<Config, 'COPILOT_EMBEDDINGS' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'> & {
  COPILOT_EMBEDDING_DIMENSIONS?: number | undefined;
  OLLAMA_BASE_URL?: string | undefined;
};

export function createEmbedder(config: EmbedderConfig): KnowledgeEmbedder {
  const spec = config.COPILOT_EMBEDDINGS;
  if (spec === 'local') return new LocalSemanticEmbeddings();
  // Remote providers load their packages on first use (see lazy-embedder.ts); configuration errors still surface here.
  if (spec.startsWith('openai:') && spec.length > 'openai:'.length) {
    const options = {
      model: spec.slice('openai:'.length),
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      dimensions: config.COPILOT_EMBEDDING_DIMENSIONS,
    };
    requireOpenAIEndpoint(options);
    return new LazyEmbedder(openAIEmbedderId(options), async () => {
      const { OpenAICompatibleEmbeddings } = await import('./openai-compatible-embeddings.ts');
      return new OpenAICompatibleEmbeddings(options);
    });
  }
  if (spec.startsWith('ollama:') && spec.length > 'ollama:'.length) {
    const options = { model: spec.slice('ollama:'.length), baseUrl: config.OLLAMA_BASE_URL ?? 'http://127.0.0.1:11434' };
    return new LazyEmbedder(`ollama:${options.model}`, async () => {
      const { OllamaKnowledgeEmbeddings } = await import('./ollama-embeddings.ts');
      return new OllamaKnowledgeEmbeddings(options);
    });
  }
  throw new ConfigurationError(`COPILOT_EMBEDDINGS must be "local", "openai:<model>" or "ollama:<model>", got ${JSON.stringify(spec)}`, {
    variables: ['COPILOT_EMBEDDINGS'],
  });
}
