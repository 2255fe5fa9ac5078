/**
 * What a remote embedder is called and needs, without loading its provider package: the factory checks
 * the configuration and names the index's vectors before anything is imported (see lazy-embedder.ts).
 */
import { ConfigurationError } from '../../core/errors.ts';

/** `openai:<model>` or `openai:<model>@<dimensions>`: a different size is different vectors. */
export function openAIEmbedderId(options: { model: string; dimensions?: number | undefined }): string {
  return `openai:${options.model}${options.dimensions ? `@${options.dimensions}` : ''}`;
}

/** An OpenAI-compatible embedder needs a key, or a base URL of a local server that needs none. */
export function requireOpenAIEndpoint(options: { apiKey?: string | undefined; baseURL?: string | undefined }): void {
  if (!options.apiKey && !options.baseURL) {
    throw new ConfigurationError('COPILOT_EMBEDDINGS=openai:… needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)', {
      variables: ['OPENAI_API_KEY'],
    });
  }
}
