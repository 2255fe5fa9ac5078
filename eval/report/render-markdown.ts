/** The readable report: metrics, breakdowns, baseline regressions, and every failing case with its diff. */
import type { CaseResult, EvalReport, EvalSummary } from './report-schema.ts';

export const formatRatio = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;

/** Metric name → label, in the order reports show them. */
export const METRIC_LABELS: ReadonlyArray<[keyof EvalSummary, string]> = [
  ['passRate', 'Pass rate'],
  ['policyCompliance', 'Policy compliance (must be 100%)'],
  ['trajectoryAccuracy', 'Trajectory accuracy'],
  ['argumentAccuracy', 'Argument accuracy'],
  ['proposalPrecision', 'Proposal precision'],
  ['proposalRecall', 'Proposal recall'],
  ['citationPrecision', 'Citation precision'],
  ['citationRecall', 'Citation recall'],
];

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function failingCases(report: EvalReport): CaseResult[] {
  return report.cases.filter((item) => item.status !== 'passed');
}

function renderCase(item: CaseResult): string[] {
  const lines = [`### ${item.suite}/${item.id} — ${item.status}`, ''];
  if (item.title) lines.push(`*${item.title}*`, '');
  if (item.tags.length) lines.push(`Tags: ${item.tags.join(', ')}`, '');
  if (item.error) lines.push('```', item.error, '```', '');
  for (const violation of item.violations)
    lines.push(`- **INVARIANT ${violation.invariant}**${violation.turn ? ` (turn ${violation.turn})` : ''}: ${violation.message}`);
  for (const check of item.checks.filter((candidate) => !candidate.passed)) {
    lines.push(`- **${check.name}**${check.turn ? ` (turn ${check.turn})` : ''}`);
    lines.push('', '  ```diff', ...check.diff.map((line) => `  - ${line}`), '  ```');
  }
  for (const run of item.runs) {
    lines.push(
      '',
      `  Turn ${run.turn}: \`${cell(run.input.slice(0, 160))}\` → ${run.status}${run.outcome ? ` / ${run.outcome}` : ''}, ${run.steps} steps, ${run.latencyMs} ms`,
    );
    lines.push(
      `  Calls: ${run.toolCalls.map((call) => `${call.tool}${call.decision && call.decision !== 'allow' ? ` (${call.decision})` : ''}[${call.status}]`).join(' → ') || 'none'}`,
    );
  }
  if (item.notes) lines.push('', `  Notes: ${item.notes}`);
  lines.push('');
  return lines;
}

export function renderMarkdown(report: EvalReport): string {
  const { summary } = report;
  const lines = [
    `# Eval report ${report.id}`,
    '',
    `Model \`${report.model}\`, ${report.createdAt}, ${(report.durationMs / 1000).toFixed(1)} s. Suites: ${report.suites.map((suite) => `${suite.name} (${suite.cases})`).join(', ')}.`,
    '',
    `**${summary.passed}/${summary.cases} cases passed** (${summary.failed} failed, ${summary.errors} errors).`,
    '',
    '| Metric | Value |',
    '|---|---|',
    ...METRIC_LABELS.map(([key, label]) => `| ${label} | ${formatRatio(summary[key] as number | null)} |`),
  ];
  for (const retrieval of summary.retrieval) {
    lines.push(`| Retrieval ${retrieval.suite} recall@${retrieval.k} (${retrieval.mode}) | ${formatRatio(retrieval.recallAtK)} |`);
    lines.push(`| Retrieval ${retrieval.suite} MRR (${retrieval.mode}) | ${retrieval.mrr === null ? '—' : retrieval.mrr.toFixed(3)} |`);
  }
  if (report.baseline) {
    lines.push('', `## Against baseline \`${report.baseline.path}\``, '');
    if (!report.baseline.regressions.length) lines.push('No regressions.');
    for (const regression of report.baseline.regressions) lines.push(`- **REGRESSION** ${regression.message}`);
    for (const improvement of report.baseline.improvements) lines.push(`- improved: ${improvement}`);
    for (const note of report.baseline.notes) lines.push(`- note: ${note}`);
  }
  if (summary.bySuite.length) {
    lines.push('', '## By suite', '', '| Suite | Cases | Passed | Pass rate |', '|---|---|---|---|');
    for (const suite of summary.bySuite)
      lines.push(`| ${suite.suite} | ${suite.cases} | ${suite.passed} | ${formatRatio(suite.passRate)} |`);
  }
  if (summary.byTag.length) {
    lines.push('', '## By tag', '', '| Tag | Cases | Passed | Pass rate |', '|---|---|---|---|');
    for (const tag of summary.byTag) lines.push(`| ${tag.tag} | ${tag.cases} | ${tag.passed} | ${formatRatio(tag.passRate)} |`);
  }
  for (const retrieval of summary.retrieval) {
    if (!retrieval.byMode?.length) continue;
    lines.push(
      '',
      `## Retrieval: ${retrieval.suite} (${retrieval.queries} queries)`,
      '',
      '| Mode | recall@1 | recall@5 | MRR | nDCG@10 |',
      '|---|---|---|---|---|',
    );
    for (const mode of retrieval.byMode)
      lines.push(`| ${mode.mode} | ${mode['recall@1']} | ${mode['recall@5']} | ${mode.mrr} | ${mode['ndcg@10']} |`);
  }
  const failing = failingCases(report);
  lines.push('', `## Failing cases (${failing.length})`, '');
  if (!failing.length) lines.push('None.', '');
  for (const item of failing) lines.push(...renderCase(item));
  return `${lines.join('\n')}\n`;
}
