/**
 * `ollama:<model>` embeddings through @langchain/ollama (Ollama's own /api/embed), for a fully local
 * setup without an OpenAI-compatible shim. The dimension is learned from one call and recorded in
 * the index like any other embedder's.
 */
import { OllamaEmbeddings } from '@langchain/ollama';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';

export class OllamaKnowledgeEmbeddings extends OllamaEmbeddings implements KnowledgeEmbedder {
  readonly id: string;
  readonly remote = true;
  private knownDimension: number | undefined;

  constructor(options: { model: string; baseUrl: string }) {
    super({ model: options.model, baseUrl: options.baseUrl, maxRetries: 2 });
    this.id = `ollama:${options.model}`;
  }

  async dimension(): Promise<number> {
    this.knownDimension ??= (await this.embedQuery('dimension probe')).length;
    return this.knownDimension;
  }
}
