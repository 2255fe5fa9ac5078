/**
 * The default offline embedder: a SIF sentence vector from pretrained word vectors (meaning: "parcel"
 * meets "shipment") joined with hashed lexical features (exact words, part numbers, word pairs), each
 * part unit length and weighted, the whole L2-normalised — so cosine similarity is a weighted sum of
 * the two similarities. No network, deterministic; the word vectors load lazily on the first embedding.
 */
import { hashedFeatureVector } from './hashed-feature-vector.ts';
import { DEFAULT_FEATURE_WEIGHTS } from './hashed-features.ts';
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';
import { loadWordVectors, type WordVectors } from './word-vectors/word-vectors.ts';
import { WORD_VECTORS_FORMAT } from './word-vectors/word-vectors-file.ts';

export const SEMANTIC_HASH_DIMENSION = 156;
/** Share of the cosine that comes from meaning (SIF) rather than shared words (hashed features). */
export const SEMANTIC_WEIGHT = 0.6;

export interface LocalSemanticEmbeddingsOptions {
  semanticWeight?: number;
  hashDimension?: number;
  /** Word vectors to use (tests); default: the compact file, loaded on first use. */
  wordVectors?: WordVectors;
}

// Implements LangChain's EmbeddingsInterface without extending its Embeddings class: that base adds only a
// retrying caller a local embedder never needs, and loading it costs a cold `copilot search` ~300 module files.
export class LocalSemanticEmbeddings implements KnowledgeEmbedder {
  readonly id: string;
  private readonly semanticWeight: number;
  private readonly hashDimension: number;
  private vectors: WordVectors | undefined;

  constructor(options: LocalSemanticEmbeddingsOptions = {}) {
    this.semanticWeight = options.semanticWeight ?? SEMANTIC_WEIGHT;
    this.hashDimension = options.hashDimension ?? SEMANTIC_HASH_DIMENSION;
    this.vectors = options.wordVectors;
    const custom =
      this.semanticWeight === SEMANTIC_WEIGHT && this.hashDimension === SEMANTIC_HASH_DIMENSION
        ? ''
        : `+${this.semanticWeight}/${this.hashDimension}`;
    // Everything that changes the vectors is part of the id, so an index never mixes them.
    this.id = `local:sif-glove100-w${WORD_VECTORS_FORMAT}+hash-v1${custom}`;
  }

  async dimension(): Promise<number> {
    return 100 + this.hashDimension;
  }

  private async wordVectors(): Promise<WordVectors> {
    this.vectors ??= await loadWordVectors();
    return this.vectors;
  }

  embedWith(vectors: WordVectors, text: string, reweight?: (word: string) => number): number[] {
    const semantic = vectors.sentenceVector(text, reweight);
    const lexical = hashedFeatureVector(text, DEFAULT_FEATURE_WEIGHTS, this.hashDimension);
    const hasSemantic = semantic.some((value) => value !== 0);
    const hasLexical = lexical.some((value) => value !== 0);
    // A part with no signal gives its weight to the other, so a text of unknown words still has a direction.
    const semanticShare = hasSemantic ? (hasLexical ? this.semanticWeight : 1) : 0;
    const a = Math.sqrt(semanticShare);
    const b = Math.sqrt(hasLexical ? 1 - semanticShare : 0);
    const out = new Array<number>(100 + this.hashDimension);
    for (let i = 0; i < 100; i++) out[i] = semantic[i]! * a;
    for (let i = 0; i < this.hashDimension; i++) out[100 + i] = lexical[i]! * b;
    return out;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors = await this.wordVectors();
    return documents.map((document) => this.embedWith(vectors, document));
  }

  async embedQuery(query: string): Promise<number[]> {
    return this.embedWith(await this.wordVectors(), query);
  }

  /**
   * A query vector whose word weights are multiplied by `reweight(word)` (the search passes the
   * word's rarity in the index, so words every page uses weigh less than in general English).
   */
  async embedQueryReweighted(query: string, reweight: (word: string) => number): Promise<number[]> {
    return this.embedWith(await this.wordVectors(), query, reweight);
  }
}
