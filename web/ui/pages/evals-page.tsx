/** Evaluation reports (evaluator role): list and one report, from the eval module's report source. */
import type { Principal } from '../../../core/identity/roles.ts';
import type { EvalReport, EvalReportSummary } from '../../eval-report-source.ts';
import { ModulePending } from '../components/module-pending.tsx';
import { formatDateTime, formatPercent } from '../format.ts';
import { Layout } from '../layout.tsx';
import { Markdown } from '../markdown.tsx';

export function EvalReportsPage({ principal, reports }: { principal: Principal; reports: EvalReportSummary[] | undefined }) {
  return (
    <Layout title="Evaluation reports" path="/evals" principal={principal}>
      <h1>Evaluation reports</h1>
      {reports === undefined ? (
        <ModulePending what="Regression suite reports" module="eval" />
      ) : reports.length === 0 ? (
        <p class="notice">
          No reports yet. Run <code>copilot eval &lt;suites…&gt;</code> to produce one.
        </p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Suite</th>
                <th scope="col">When</th>
                <th scope="col">Model</th>
                <th scope="col" class="num">
                  Cases
                </th>
                <th scope="col" class="num">
                  Passed
                </th>
                <th scope="col" class="num">
                  Failed
                </th>
                <th scope="col" class="num">
                  Score
                </th>
                <th scope="col">Regressions</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr>
                  <td>
                    <a href={`/evals/${encodeURIComponent(report.id)}`}>{report.suite}</a>
                  </td>
                  <td>{formatDateTime(report.createdAt)}</td>
                  <td>{report.model ?? '—'}</td>
                  <td class="num">{report.cases}</td>
                  <td class="num">{report.passed}</td>
                  <td class="num">{report.failed}</td>
                  <td class="num">{report.score === undefined ? '—' : formatPercent(report.score)}</td>
                  <td>
                    {report.regressions?.length ? (
                      <span class="badge danger">{report.regressions.join(', ')}</span>
                    ) : (
                      <span class="badge ok">none</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function EvalReportPage({ principal, report }: { principal: Principal; report: EvalReport }) {
  const { summary } = report;
  return (
    <Layout title={`Eval: ${summary.suite}`} path="/evals" principal={principal}>
      <p>
        <a href="/evals">← All reports</a>
      </p>
      <h1>{summary.suite}</h1>
      <dl class="facts card">
        <dt>When</dt>
        <dd>{formatDateTime(summary.createdAt)}</dd>
        <dt>Model</dt>
        <dd>{summary.model ?? '—'}</dd>
        <dt>Cases</dt>
        <dd>
          {summary.cases} ({summary.passed} passed, {summary.failed} failed)
        </dd>
        <dt>Score</dt>
        <dd>{summary.score === undefined ? '—' : formatPercent(summary.score)}</dd>
      </dl>
      {report.metrics ? (
        <table>
          <caption>Metrics</caption>
          <tbody>
            {Object.entries(report.metrics).map(([name, value]) => (
              <tr>
                <th scope="row">{name}</th>
                <td class="num">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.text ? (
        <article class="card">
          <Markdown source={report.text} sections={[]} />
        </article>
      ) : null}
    </Layout>
  );
}
