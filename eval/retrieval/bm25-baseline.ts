/**
 * The textbook baseline the retrieval-dev README defines: plain BM25 over whole files — lowercase
 * [a-z0-9]+ tokens of the raw file, no stop words, no stemming, k1 = 1.2, b = 0.75, Lucene's IDF.
 * Computed here the same way for any corpus, so the product is always shown beside it.
 */
export interface Bm25Document {
  label: string;
  text: string;
}

const tokens = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

export class Bm25Baseline {
  private readonly documents: Array<{ label: string; length: number; counts: Map<string, number> }>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;

  constructor(
    documents: readonly Bm25Document[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.documents = documents.map((document) => {
      const words = tokens(document.text);
      const counts = new Map<string, number>();
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const word of counts.keys()) this.documentFrequency.set(word, (this.documentFrequency.get(word) ?? 0) + 1);
      return { label: document.label, length: words.length, counts };
    });
    this.averageLength = this.documents.reduce((sum, document) => sum + document.length, 0) / Math.max(1, this.documents.length);
  }

  /** Labels of the best `k` documents with a positive score, best first (ties by label). */
  rank(query: string, k = 10): string[] {
    const total = this.documents.length;
    const scored = this.documents.map((document) => {
      let score = 0;
      for (const word of tokens(query)) {
        const tf = document.counts.get(word);
        if (!tf) continue;
        const df = this.documentFrequency.get(word) ?? 0;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        score += (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * document.length) / this.averageLength));
      }
      return { label: document.label, score };
    });
    return scored
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label))
      .slice(0, k)
      .map((entry) => entry.label);
  }
}
