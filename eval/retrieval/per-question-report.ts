/**
 * `copilot eval retrieval --per-question`: where each question's relevant files landed in each mode
 * and what came first instead, so a failure on an unseen corpus can be read question by question.
 */
import type { CorpusEvalResult, EvalMode } from './run-corpus-eval.ts';
import type { QuestionKind } from './question-set.ts';

export interface QuestionReport {
  id: string;
  kind: QuestionKind;
  relevant: string[];
  /** Per mode: each relevant file's rank (1-based) among the ranked files, null when not ranked. */
  ranks: Partial<Record<EvalMode, Array<number | null>>>;
  /** Per mode: the first files ranked. */
  top: Partial<Record<EvalMode, string[]>>;
}

export function perQuestionReport(result: Pick<CorpusEvalResult, 'results'>, topCount = 3): QuestionReport[] {
  const reports = new Map<string, QuestionReport>();
  for (const entry of result.results) {
    let report = reports.get(entry.id);
    if (!report) {
      report = { id: entry.id, kind: entry.kind, relevant: entry.relevant, ranks: {}, top: {} };
      reports.set(entry.id, report);
    }
    report.ranks[entry.mode] = entry.relevant.map((path) => {
      const index = entry.ranked.indexOf(path);
      return index < 0 ? null : index + 1;
    });
    report.top[entry.mode] = entry.ranked.slice(0, topCount);
  }
  return [...reports.values()];
}

/** A report's ranks as table cells: "1", "3/-" (two relevant files, the second not ranked). */
export function formatRanks(ranks: ReadonlyArray<number | null> | undefined): string {
  return ranks ? ranks.map((rank) => (rank === null ? '-' : String(rank))).join('/') : '';
}
