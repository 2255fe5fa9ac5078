/**
 * The default, offline embedder: deterministic hashed word, word-pair, character n-gram and
 * ops-concept features, L2-normalised. No download, no network, same vector on every machine.
 */
import { hashedFeatureVector } from './hashed-feature-vector.ts';
import { DEFAULT_FEATURE_WEIGHTS, type FeatureWeights } from './hashed-features.ts';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';

/** Bump the version whenever features, weights, stemmer or synonyms change: old vectors no longer match. */
export const LOCAL_EMBEDDER_VERSION = 'hash-ngram-v1';
export const LOCAL_EMBEDDER_DIMENSION = 384;

export interface LocalHashEmbeddingsOptions {
  dimension?: number;
  weights?: FeatureWeights;
}

// Implements LangChain's EmbeddingsInterface without extending its Embeddings class: that base adds only a
// retrying caller a local embedder never needs, and loading it costs a cold `copilot search` ~300 module files.
export class LocalHashEmbeddings implements KnowledgeEmbedder {
  readonly id: string;
  private readonly size: number;
  private readonly weights: FeatureWeights;

  constructor(options: LocalHashEmbeddingsOptions = {}) {
    this.size = options.dimension ?? LOCAL_EMBEDDER_DIMENSION;
    this.weights = options.weights ?? DEFAULT_FEATURE_WEIGHTS;
    // Everything that changes the vectors is part of the id, so an index never mixes them.
    const custom = options.weights && options.weights !== DEFAULT_FEATURE_WEIGHTS ? `+${Object.values(options.weights).join(',')}` : '';
    const size = this.size === LOCAL_EMBEDDER_DIMENSION ? '' : `/${this.size}`;
    this.id = `local:${LOCAL_EMBEDDER_VERSION}${size}${custom}`;
  }

  async dimension(): Promise<number> {
    return this.size;
  }

  embedText(text: string): number[] {
    return hashedFeatureVector(text, this.weights, this.size);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((document) => this.embedText(document));
  }

  async embedQuery(query: string): Promise<number[]> {
    return this.embedText(query);
  }
}
