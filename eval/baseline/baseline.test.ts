import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseResult, EvalReport } from '../report/report-schema.ts';
import { emptyScores } from '../scoring/score-case.ts';
import { summarize } from '../scoring/summarize.ts';
import { baselineFromReport, compareWithBaseline, readBaseline, writeBaseline } from './baseline.ts';

function caseResult(id: string, status: CaseResult['status'], scores: Partial<CaseResult['scores']> = {}): CaseResult {
  return {
    suite: 'triage',
    id,
    kind: 'triage',
    tags: ['t'],
    status,
    checks: status === 'failed' ? [{ name: 'proposals', passed: false, diff: ['missing proposal: issue_refund'] }] : [],
    violations: [],
    scores: { ...emptyScores(), ...scores },
    runs: [],
    durationMs: 10,
  };
}

function report(cases: CaseResult[]): EvalReport {
  return {
    format: 'ops-copilot.eval-report/v1',
    id: 'r',
    createdAt: '2030-01-01T00:00:00.000Z',
    model: 'offline',
    suites: [{ name: 'triage', kind: 'triage', path: 'eval/suites/triage.yaml', cases: cases.length }],
    durationMs: 1,
    summary: summarize(cases),
    baseline: null,
    cases,
  };
}

const good = (id: string) =>
  caseResult(id, 'passed', { proposals: { checked: 1, truePositives: 1, falsePositives: 0, falseNegatives: 0 } });
const reference = report([
  good('a'),
  good('b'),
  good('c'),
  caseResult('d', 'failed', { proposals: { checked: 1, truePositives: 0, falsePositives: 0, falseNegatives: 1 } }),
]);
const baseline = baselineFromReport(reference);

describe('baselines', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('records metrics with tolerances and each case outcome', () => {
    expect(baseline.metrics.passRate).toEqual({ value: 0.75, tolerance: 0.01 });
    expect(baseline.metrics.policyCompliance).toEqual({ value: 1, tolerance: 0 });
    expect(baseline.cases).toEqual({ 'triage/a': 'passed', 'triage/b': 'passed', 'triage/c': 'passed', 'triage/d': 'failed' });
  });

  it('the same results are no regression', () => {
    expect(compareWithBaseline(reference, baseline)).toEqual({ regressions: [], improvements: [], notes: [] });
  });

  it('a previously passing case that fails is a regression, even when a metric stays within tolerance', () => {
    const swapped = report([good('a'), good('b'), caseResult('c', 'failed'), good('d')]);
    const { regressions, improvements } = compareWithBaseline(swapped, baseline);
    expect(regressions).toEqual([
      expect.objectContaining({ kind: 'case', name: 'triage/c', message: expect.stringContaining('(proposals)') }),
    ]);
    expect(improvements).toContain('triage/d now passes');
  });

  it('a metric drop beyond its tolerance is a regression; within tolerance it is not', () => {
    const worse = report([
      good('a'),
      good('b'),
      good('c'),
      caseResult('d', 'failed', { proposals: { checked: 1, truePositives: 0, falsePositives: 3, falseNegatives: 1 } }),
    ]);
    const { regressions } = compareWithBaseline(worse, baseline);
    expect(regressions).toEqual([expect.objectContaining({ kind: 'metric', name: 'proposalPrecision' })]);
    const loose = {
      ...baseline,
      metrics: { ...baseline.metrics, proposalPrecision: { value: baseline.metrics.proposalPrecision!.value, tolerance: 0.5 } },
    };
    expect(compareWithBaseline(worse, loose).regressions).toEqual([]);
  });

  it('policy compliance below 100% always fails, and a metric no longer measured is a regression', () => {
    const violating = caseResult('a', 'failed', { compliant: false });
    const { regressions } = compareWithBaseline(report([violating, good('b'), good('c'), caseResult('d', 'failed')]), baseline);
    expect(regressions.map((regression) => regression.name)).toEqual(expect.arrayContaining(['policyCompliance', 'triage/a']));
    const noProposals = report([
      caseResult('a', 'passed'),
      caseResult('b', 'passed'),
      caseResult('c', 'passed'),
      caseResult('d', 'failed'),
    ]);
    expect(compareWithBaseline(noProposals, baseline).regressions.map((regression) => regression.name)).toContain('proposalRecall');
    expect(compareWithBaseline(noProposals, baseline, { metrics: false })).toMatchObject({
      regressions: [],
      notes: [expect.stringContaining('metrics not compared')],
    });
  });

  it('round-trips through a file, keeps hand-set tolerances on update, and rejects a malformed file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-baseline-'));
    dirs.push(dir);
    const path = join(dir, 'offline.json');
    await writeBaseline(path, { ...baseline, metrics: { ...baseline.metrics, passRate: { value: 0.75, tolerance: 0.1 } } });
    const read = await readBaseline(path);
    expect(baselineFromReport(reference, read).metrics.passRate).toEqual({ value: 0.75, tolerance: 0.1 });
    await writeFile(path, JSON.stringify({ format: 'ops-copilot.eval-baseline/v1', metrics: { passRate: { value: 'high' } } }));
    await expect(readBaseline(path)).rejects.toThrow(/baseline .*offline\.json: .*metrics\.passRate\.value/);
  });
});
