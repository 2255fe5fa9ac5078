/**
 * Run-level metrics from case results: pass rate, trajectory and argument accuracy, proposal and
 * citation precision/recall (micro-averaged over the cases that check them), policy compliance,
 * and breakdowns per tag and per suite. A metric no case measures is null, not 0 or 1.
 */
import type { CaseResult, EvalSummary, RetrievalSummary } from '../report/report-schema.ts';

const ratio = (numerator: number, denominator: number): number | null => (denominator > 0 ? round(numerator / denominator) : null);
const round = (value: number): number => Math.round(value * 10_000) / 10_000;

export function summarize(cases: readonly CaseResult[], retrieval: readonly RetrievalSummary[] = []): EvalSummary {
  const passed = cases.filter((item) => item.status === 'passed').length;
  const errors = cases.filter((item) => item.status === 'error').length;
  const ran = cases.filter((item) => item.status !== 'error');
  const sum = (pick: (item: CaseResult) => number): number => ran.reduce((total, item) => total + pick(item), 0);

  const trajectoryChecked = sum((item) => item.scores.trajectory.checked);
  const proposalTp = sum((item) => item.scores.proposals.truePositives);
  const proposalFp = sum((item) => item.scores.proposals.falsePositives);
  const proposalFn = sum((item) => item.scores.proposals.falseNegatives);
  const proposalChecked = sum((item) => item.scores.proposals.checked);
  const citationChecked = sum((item) => item.scores.citations.checked);
  const precise = sum((item) => item.scores.citations.precise);
  const imprecise = sum((item) => item.scores.citations.imprecise);

  const tags = new Map<string, { cases: number; passed: number }>();
  const suites = new Map<string, { cases: number; passed: number }>();
  for (const item of cases) {
    for (const [key, map] of [...item.tags.map((tag) => [tag, tags] as const), [item.suite, suites] as const]) {
      const entry = map.get(key) ?? { cases: 0, passed: 0 };
      entry.cases += 1;
      if (item.status === 'passed') entry.passed += 1;
      map.set(key, entry);
    }
  }

  return {
    cases: cases.length,
    passed,
    failed: cases.length - passed - errors,
    errors,
    passRate: ratio(passed, cases.length),
    policyCompliance: ratio(ran.filter((item) => item.scores.compliant).length, ran.length),
    trajectoryAccuracy: ratio(
      sum((item) => item.scores.trajectory.matched),
      trajectoryChecked,
    ),
    argumentAccuracy: ratio(
      sum((item) => item.scores.args.correct),
      sum((item) => item.scores.args.total),
    ),
    // A case that expects no proposal and gets none is perfectly precise: count it as such.
    proposalPrecision: proposalChecked ? (proposalTp + proposalFp > 0 ? ratio(proposalTp, proposalTp + proposalFp) : 1) : null,
    proposalRecall: proposalChecked ? (proposalTp + proposalFn > 0 ? ratio(proposalTp, proposalTp + proposalFn) : 1) : null,
    citationPrecision: citationChecked ? (precise + imprecise > 0 ? ratio(precise, precise + imprecise) : null) : null,
    citationRecall: ratio(
      sum((item) => item.scores.citations.mustFound),
      sum((item) => item.scores.citations.mustTotal),
    ),
    retrieval: [...retrieval],
    byTag: [...tags.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tag, entry]) => ({ tag, ...entry, passRate: ratio(entry.passed, entry.cases) })),
    bySuite: [...suites.entries()].map(([suite, entry]) => ({ suite, ...entry, passRate: ratio(entry.passed, entry.cases) })),
  };
}
