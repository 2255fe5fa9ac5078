import { describe, expect, it } from 'vitest';
import { caseMetrics, meanMetrics, ndcgAtK, recallAtK, reciprocalRank } from './metrics.ts';

const relevant = new Set(['a', 'b']);

describe('retrieval metrics', () => {
  it('recall@k counts relevant documents in the top k over all relevant ones', () => {
    expect(recallAtK(['a', 'x', 'b'], relevant, 1)).toBe(0.5);
    expect(recallAtK(['x', 'a', 'b'], relevant, 1)).toBe(0);
    expect(recallAtK(['x', 'a', 'y', 'z', 'b', 'c'], relevant, 5)).toBe(1);
    expect(recallAtK(['x', 'a', 'y', 'z', 'w', 'b'], relevant, 5)).toBe(0.5);
    // Duplicates in the ranking do not count twice.
    expect(recallAtK(['a', 'a'], relevant, 2)).toBe(0.5);
    expect(recallAtK(['a'], new Set(), 1)).toBe(0);
  });

  it('reciprocal rank uses the first relevant document only', () => {
    expect(reciprocalRank(['a', 'b'], relevant)).toBe(1);
    expect(reciprocalRank(['x', 'y', 'b', 'a'], relevant)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank(['x', 'y'], relevant)).toBe(0);
  });

  it('nDCG@k discounts by log2(rank + 1) and normalises by the ideal ranking', () => {
    expect(ndcgAtK(['a', 'b', 'x'], relevant, 10)).toBe(1);
    // Relevant at ranks 2 and 3: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3).
    expect(ndcgAtK(['x', 'a', 'b'], relevant, 10)).toBeCloseTo((1 / Math.log2(3) + 0.5) / (1 + 1 / Math.log2(3)), 12);
    // Only one of two relevant documents at rank 1: 1 / (1 + 1/log2 3) ≈ 0.613.
    expect(ndcgAtK(['a', 'x'], relevant, 10)).toBeCloseTo(0.6131471927654584, 12);
    // Outside the cut-off counts nothing.
    expect(ndcgAtK(['x', 'y', 'a'], relevant, 2)).toBe(0);
    // Ideal DCG is capped by k: one relevant in top 1 of a 3-relevant query is perfect at k = 1.
    expect(ndcgAtK(['a'], new Set(['a', 'b', 'c']), 1)).toBe(1);
  });

  it('averages per case (macro)', () => {
    const perfect = caseMetrics(['a', 'b'], ['a', 'b']);
    const miss = caseMetrics(['x'], ['a']);
    expect(perfect).toEqual({ 'recall@1': 0.5, 'recall@5': 1, 'hit@5': 1, mrr: 1, 'ndcg@10': 1 });
    expect(meanMetrics([perfect, miss])).toEqual({ 'recall@1': 0.25, 'recall@5': 0.5, 'hit@5': 0.5, mrr: 0.5, 'ndcg@10': 0.5 });
    expect(meanMetrics([])).toEqual({ 'recall@1': 0, 'recall@5': 0, 'hit@5': 0, mrr: 0, 'ndcg@10': 0 });
  });
});
