/** A self-contained HTML page of the report (no scripts, no external assets), for browsers and CI artifacts. */
import { formatRatio, failingCases, METRIC_LABELS } from './render-markdown.ts';
import type { CaseResult, EvalReport } from './report-schema.ts';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function renderCase(item: CaseResult): string {
  const parts = [
    `<section class="case"><h3>${escapeHtml(`${item.suite}/${item.id}`)} <span class="status ${item.status}">${item.status}</span></h3>`,
  ];
  if (item.title) parts.push(`<p><em>${escapeHtml(item.title)}</em></p>`);
  if (item.error) parts.push(`<pre class="error">${escapeHtml(item.error)}</pre>`);
  for (const violation of item.violations)
    parts.push(`<p class="violation"><strong>Invariant ${escapeHtml(violation.invariant)}</strong>: ${escapeHtml(violation.message)}</p>`);
  for (const check of item.checks.filter((candidate) => !candidate.passed)) {
    parts.push(
      `<h4>${escapeHtml(check.name)}${check.turn ? ` (turn ${check.turn})` : ''}</h4><pre class="diff">${check.diff.map((line) => `- ${escapeHtml(line)}`).join('\n')}</pre>`,
    );
  }
  for (const run of item.runs) {
    const calls =
      run.toolCalls
        .map((call) => `${call.tool}[${call.status}${call.decision && call.decision !== 'allow' ? `, ${call.decision}` : ''}]`)
        .join(' → ') || 'none';
    parts.push(
      `<p class="run">Turn ${run.turn}: <code>${escapeHtml(run.input.slice(0, 200))}</code> → ${escapeHtml(run.status)}${run.outcome ? ` / ${escapeHtml(run.outcome)}` : ''}; calls: ${escapeHtml(calls)}</p>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderHtml(report: EvalReport): string {
  const { summary } = report;
  const metrics = table(
    ['Metric', 'Value'],
    [
      ...METRIC_LABELS.map(([key, label]) => [label, formatRatio(summary[key] as number | null)]),
      ...summary.retrieval.flatMap((retrieval) => [
        [`Retrieval ${retrieval.suite} recall@${retrieval.k} (${retrieval.mode})`, formatRatio(retrieval.recallAtK)],
        [`Retrieval ${retrieval.suite} MRR (${retrieval.mode})`, retrieval.mrr === null ? '—' : retrieval.mrr.toFixed(3)],
      ]),
    ],
  );
  const baseline = report.baseline
    ? `<h2>Against baseline ${escapeHtml(report.baseline.path)}</h2><ul>${
        report.baseline.regressions
          .map((regression) => `<li class="regression">REGRESSION: ${escapeHtml(regression.message)}</li>`)
          .join('') || '<li>No regressions.</li>'
      }${report.baseline.improvements.map((improvement) => `<li>improved: ${escapeHtml(improvement)}</li>`).join('')}</ul>`
    : '';
  const tags = summary.byTag.length
    ? `<h2>By tag</h2>${table(
        ['Tag', 'Cases', 'Passed', 'Pass rate'],
        summary.byTag.map((tag) => [tag.tag, String(tag.cases), String(tag.passed), formatRatio(tag.passRate)]),
      )}`
    : '';
  const failing = failingCases(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eval report ${escapeHtml(report.id)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2430}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}
pre{background:#f5f6f8;padding:.6rem;overflow:auto;white-space:pre-wrap}.status{font-size:.8em;padding:.1rem .4rem;border-radius:.3rem;background:#eee}
.failed,.error{background:#fde2e1}.passed{background:#dff5e3}.regression,.violation{color:#a1150c}.case{border-top:1px solid #dde;padding-top:.5rem}
</style></head><body>
<h1>Eval report ${escapeHtml(report.id)}</h1>
<p>Model <code>${escapeHtml(report.model)}</code>, ${escapeHtml(report.createdAt)}, ${(report.durationMs / 1000).toFixed(1)} s. <strong>${summary.passed}/${summary.cases} cases passed</strong> (${summary.failed} failed, ${summary.errors} errors).</p>
${metrics}
${baseline}
${tags}
<h2>Failing cases (${failing.length})</h2>
${failing.map(renderCase).join('\n') || '<p>None.</p>'}
</body></html>
`;
}
