/**
 * What the knowledge index needs from an embedder: LangChain's Embeddings interface plus a stable id
 * and the vector dimension, both recorded in the index so vectors from two embedders are never mixed.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';

export interface KnowledgeEmbedder extends EmbeddingsInterface {
  /** Recorded in knowledge_index; a different id means the index must be rebuilt. */
  readonly id: string;
  /** Vector length (may call the provider once to find out). */
  dimension(): Promise<number>;
  /** Calls a remote service (seconds, money): callers check the index before embedding a query. */
  readonly remote?: boolean;
}
