/**
 * A remote embedder whose provider package is imported on first use. `@langchain/openai` (with the
 * `openai` client) and `@langchain/ollama` are ~600 module files; a command that never embeds with them
 * (every search on the default local embedder, `--help`) must not pay for loading them.
 */
import type { KnowledgeEmbedder } from './knowledge-embedder.ts';

export class LazyEmbedder implements KnowledgeEmbedder {
  readonly remote = true;
  private loading: Promise<KnowledgeEmbedder> | undefined;

  /** `id` is known before loading (it is recorded in, and checked against, the index without embedding). */
  constructor(
    readonly id: string,
    private readonly load: () => Promise<KnowledgeEmbedder>,
  ) {}

  private embedder(): Promise<KnowledgeEmbedder> {
    this.loading ??= this.load().then((embedder) => {
      // The id decides whether an index may be searched with this embedder: both must name the same vectors.
      if (embedder.id !== this.id) throw new Error(`embedder id mismatch: expected ${this.id}, loaded ${embedder.id}`);
      return embedder;
    });
    return this.loading;
  }

  async dimension(): Promise<number> {
    return (await this.embedder()).dimension();
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return (await this.embedder()).embedDocuments(documents);
  }

  async embedQuery(query: string): Promise<number[]> {
    return (await this.embedder()).embedQuery(query);
  }
}
