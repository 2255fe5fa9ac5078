/**
 * Baselines: the metrics and per-case outcomes of an accepted run, with a tolerance per metric.
 * A run regresses when a metric drops by more than its tolerance, when a case that passed in the
 * baseline no longer passes, or when policy compliance is below 100% (never tolerated).
 * `--update-baseline` rewrites the file deliberately, keeping hand-set tolerances.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ValidationError, issuesFromZod } from '../../core/errors.ts';
import type { EvalReport, EvalSummary, Regression } from '../report/report-schema.ts';

export const BASELINE_FORMAT = 'ops-copilot.eval-baseline/v1';

const metricSchema = z.object({ value: z.number().nullable(), tolerance: z.number().min(0).max(1) });

export const baselineSchema = z.object({
  format: z.literal(BASELINE_FORMAT),
  model: z.string(),
  createdAt: z.string(),
  suites: z.array(z.string()),
  metrics: z.record(z.string(), metricSchema),
  /** suite/case id → status in the baseline run. */
  cases: z.record(z.string(), z.enum(['passed', 'failed', 'error'])),
});
export type Baseline = z.infer<typeof baselineSchema>;

/** Tolerances written for new metrics: deterministic offline runs move only when behaviour changes. */
export const DEFAULT_TOLERANCE = 0.01;
const ZERO_TOLERANCE = new Set(['policyCompliance']);

/** The comparable metrics of a summary, flattened (retrieval metrics as retrieval.<suite>.<metric>). */
export function metricValues(summary: EvalSummary): Record<string, number | null> {
  const values: Record<string, number | null> = {
    passRate: summary.passRate,
    policyCompliance: summary.policyCompliance,
    trajectoryAccuracy: summary.trajectoryAccuracy,
    argumentAccuracy: summary.argumentAccuracy,
    proposalPrecision: summary.proposalPrecision,
    proposalRecall: summary.proposalRecall,
    citationPrecision: summary.citationPrecision,
    citationRecall: summary.citationRecall,
  };
  for (const retrieval of summary.retrieval) {
    values[`retrieval.${retrieval.suite}.recall@${retrieval.k}`] = retrieval.recallAtK;
    values[`retrieval.${retrieval.suite}.recall@1`] = retrieval.recallAt1;
    values[`retrieval.${retrieval.suite}.mrr`] = retrieval.mrr;
  }
  return values;
}

export const caseKey = (suite: string, id: string): string => `${suite}/${id}`;

export function baselineFromReport(report: EvalReport, previous?: Baseline): Baseline {
  const metrics: Baseline['metrics'] = {};
  for (const [name, value] of Object.entries(metricValues(report.summary))) {
    metrics[name] = { value, tolerance: previous?.metrics[name]?.tolerance ?? (ZERO_TOLERANCE.has(name) ? 0 : DEFAULT_TOLERANCE) };
  }
  return {
    format: BASELINE_FORMAT,
    model: report.model,
    createdAt: report.createdAt,
    suites: report.suites.map((suite) => suite.path).sort(),
    metrics,
    cases: Object.fromEntries(
      report.cases.map((item) => [caseKey(item.suite, item.id), item.status] as const).sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
}

export interface BaselineComparison {
  regressions: Regression[];
  improvements: string[];
  /** What was not compared, and why. */
  notes: string[];
}

const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;

/**
 * Regressions of a run against a baseline. `metrics: false` compares cases only (a filtered run
 * measures a different population, so its metrics are not comparable).
 */
export function compareWithBaseline(report: EvalReport, baseline: Baseline, options: { metrics?: boolean } = {}): BaselineComparison {
  const regressions: Regression[] = [];
  const improvements: string[] = [];
  const current = metricValues(report.summary);
  for (const [name, expected] of Object.entries(options.metrics === false ? {} : baseline.metrics)) {
    if (expected.value === null) continue;
    const value = current[name];
    if (value === undefined || value === null) {
      regressions.push({
        kind: 'metric',
        name,
        message: `${name} was ${pct(expected.value)} and is no longer measured (were suites left out?)`,
      });
    } else if (value < expected.value - expected.tolerance - 1e-9) {
      regressions.push({
        kind: 'metric',
        name,
        message: `${name} dropped from ${pct(expected.value)} to ${pct(value)} (tolerance ${pct(expected.tolerance)})`,
      });
    } else if (value > expected.value + 1e-9) {
      improvements.push(`${name} rose from ${pct(expected.value)} to ${pct(value)}`);
    }
  }
  if (
    report.summary.policyCompliance !== null &&
    report.summary.policyCompliance < 1 &&
    !regressions.some((item) => item.name === 'policyCompliance')
  ) {
    regressions.push({
      kind: 'metric',
      name: 'policyCompliance',
      message: `policy compliance is ${pct(report.summary.policyCompliance)}; it must be 100%`,
    });
  }
  for (const item of report.cases) {
    const before = baseline.cases[caseKey(item.suite, item.id)];
    if (before === 'passed' && item.status !== 'passed') {
      const reason =
        item.error ??
        item.checks
          .filter((check) => !check.passed)
          .map((check) => check.name)
          .concat(item.violations.map((violation) => violation.invariant))
          .join(', ');
      regressions.push({
        kind: 'case',
        name: caseKey(item.suite, item.id),
        message: `${caseKey(item.suite, item.id)} passed in the baseline and now ${item.status === 'error' ? 'errors' : 'fails'}${reason ? ` (${reason})` : ''}`,
      });
    } else if (before !== undefined && before !== 'passed' && item.status === 'passed') {
      improvements.push(`${caseKey(item.suite, item.id)} now passes`);
    }
  }
  return {
    regressions,
    improvements,
    notes: options.metrics === false ? ['metrics not compared (a filtered run, or other suites than the baseline): cases only'] : [],
  };
}

export async function readBaseline(path: string): Promise<Baseline> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`baseline ${path}: cannot read: ${(error as Error).message}`);
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throw new ValidationError(`baseline ${path}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(baseline, null, 2)}\n`);
}
