import { describe, expect, it } from 'vitest';
import { formatRanks, perQuestionReport } from './per-question-report.ts';
import type { CorpusEvalResult } from './run-corpus-eval.ts';

const metrics = { 'recall@1': 0, 'recall@5': 0, 'hit@5': 0, mrr: 0, 'ndcg@10': 0 };

describe('perQuestionReport', () => {
  it('gives each relevant file its rank per mode, null beyond the ranked files, and the first files ranked', () => {
    const results: CorpusEvalResult['results'] = [
      { id: 'q1', mode: 'hybrid', kind: 'paraphrase', relevant: ['a.md', 'b.md'], ranked: ['c.md', 'a.md', 'd.md', 'e.md'], metrics },
      { id: 'q1', mode: 'bm25', kind: 'paraphrase', relevant: ['a.md', 'b.md'], ranked: ['b.md'], metrics },
      { id: 'q2', mode: 'hybrid', kind: 'keyword', relevant: ['d.md'], ranked: [], metrics },
    ];
    const report = perQuestionReport({ results }, 2);
    expect(report).toEqual([
      {
        id: 'q1',
        kind: 'paraphrase',
        relevant: ['a.md', 'b.md'],
        ranks: { hybrid: [2, null], bm25: [null, 1] },
        top: { hybrid: ['c.md', 'a.md'], bm25: ['b.md'] },
      },
      { id: 'q2', kind: 'keyword', relevant: ['d.md'], ranks: { hybrid: [null] }, top: { hybrid: [] } },
    ]);
    expect(formatRanks(report[0]!.ranks.hybrid)).toBe('2/-');
    expect(formatRanks(report[0]!.ranks.vector)).toBe('');
  });
});
