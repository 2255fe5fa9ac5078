/**
 * `openai:<model>` embeddings through @langchain/openai: any OpenAI-compatible server (OpenAI, Azure
 * OpenAI, vLLM, Ollama, LM Studio) via OPENAI_BASE_URL. Requests are batched, and LangChain's
 * AsyncCaller retries rate limits and server errors with exponential backoff.
 */
import { OpenAIEmbeddings } from '@langchain/openai';
import { ConfigurationError } from '../../core/errors.ts';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';
import { openAIEmbedderId, requireOpenAIEndpoint } from './remote-embedder-ids.ts';

// pgvector indexes at most 2000 dimensions; larger models must be asked for fewer (`dimensions`).
export const MAX_INDEXED_DIMENSION = 2000;

const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export interface OpenAICompatibleEmbeddingsOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  /** Requested output size (text-embedding-3 models); otherwise the model's native size. */
  dimensions?: number;
  batchSize?: number;
  maxRetries?: number;
  maxConcurrency?: number;
  timeoutMs?: number;
}

/**
 * Which failures are worth another attempt: rate limits (also without a Retry-After header, which
 * LangChain's default handler would not retry — local servers rarely send one), server errors,
 * timeouts and network errors. Bad requests, auth errors and exhausted quotas fail at once.
 */
export function retryEmbeddingFailure(error: unknown): void {
  const failure = error as { status?: number; code?: string; error?: { code?: string }; name?: string } | null;
  if (!failure || typeof failure !== 'object') return;
  if (failure.name === 'AbortError') throw error;
  if (failure.code === 'insufficient_quota' || failure.error?.code === 'insufficient_quota') throw error;
  const status = failure.status;
  if (status !== undefined && status < 500 && status !== 408 && status !== 429) throw error;
}

export class OpenAICompatibleEmbeddings extends OpenAIEmbeddings implements KnowledgeEmbedder {
  readonly id: string;
  readonly remote = true;
  private knownDimension: number | undefined;

  constructor(options: OpenAICompatibleEmbeddingsOptions) {
    requireOpenAIEndpoint(options);
    super({
      model: options.model,
      // Local OpenAI-compatible servers often need no key, but the client insists on one.
      apiKey: options.apiKey ?? 'not-needed',
      batchSize: options.batchSize ?? 128,
      maxRetries: options.maxRetries ?? 6,
      maxConcurrency: options.maxConcurrency ?? 2,
      onFailedAttempt: retryEmbeddingFailure,
      timeout: options.timeoutMs ?? 60_000,
      ...(options.dimensions ? { dimensions: options.dimensions } : {}),
      configuration: options.baseURL ? { baseURL: options.baseURL } : {},
    });
    this.id = openAIEmbedderId(options);
    this.knownDimension = options.dimensions ?? KNOWN_DIMENSIONS[options.model];
  }

  async dimension(): Promise<number> {
    // Unknown models (local servers) are asked once.
    this.knownDimension ??= (await this.embedQuery('dimension probe')).length;
    if (this.knownDimension > MAX_INDEXED_DIMENSION) {
      throw new ConfigurationError(
        `${this.id} returns ${this.knownDimension}-dimensional vectors; pgvector indexes at most ${MAX_INDEXED_DIMENSION}: set COPILOT_EMBEDDING_DIMENSIONS (e.g. 1536)`,
        { variables: ['COPILOT_EMBEDDING_DIMENSIONS'] },
      );
    }
    return this.knownDimension;
  }
}
