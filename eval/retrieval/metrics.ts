/**
 * Ranking metrics over document ids, binary relevance. `ranked` is the system's list (best first,
 * distinct ids), `relevant` the labelled set. Definitions as in standard IR evaluation:
 * recall@k = |relevant ∩ top k| / |relevant|; reciprocal rank = 1 / rank of the first relevant hit
 * (0 if none is retrieved); nDCG@k = DCG@k / ideal DCG@k with gain 1 and discount log2(rank + 1).
 */

export interface RetrievalMetrics {
  'recall@1': number;
  'recall@5': number;
  /** 1 when any relevant document is in the top 5. */
  'hit@5': number;
  mrr: number;
  'ndcg@10': number;
}

export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  const found = new Set(ranked.slice(0, k).filter((id) => relevant.has(id)));
  return found.size / relevant.size;
}

export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  const index = ranked.findIndex((id) => relevant.has(id));
  return index < 0 ? 0 : 1 / (index + 1);
}

export function ndcgAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const seen = new Set<string>();
  let dcg = 0;
  ranked.slice(0, k).forEach((id, index) => {
    if (relevant.has(id) && !seen.has(id)) dcg += 1 / Math.log2(index + 2);
    seen.add(id);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(relevant.size, k); index++) ideal += 1 / Math.log2(index + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function caseMetrics(ranked: readonly string[], relevant: readonly string[]): RetrievalMetrics {
  const set = new Set(relevant);
  return {
    'recall@1': recallAtK(ranked, set, 1),
    'recall@5': recallAtK(ranked, set, 5),
    'hit@5': recallAtK(ranked, set, 5) > 0 ? 1 : 0,
    mrr: reciprocalRank(ranked, set),
    'ndcg@10': ndcgAtK(ranked, set, 10),
  };
}

/** Mean of each metric over cases (macro average: every query counts the same). */
export function meanMetrics(perCase: readonly RetrievalMetrics[]): RetrievalMetrics {
  const mean = (key: keyof RetrievalMetrics): number =>
    perCase.length ? perCase.reduce((sum, metrics) => sum + metrics[key], 0) / perCase.length : 0;
  return {
    'recall@1': mean('recall@1'),
    'recall@5': mean('recall@5'),
    'hit@5': mean('hit@5'),
    mrr: mean('mrr'),
    'ndcg@10': mean('ndcg@10'),
  };
}
