/**
 * The evaluation report: written as report.json by every `copilot eval` run and read back by the
 * web UI, baselines and tools. Validated with this schema when read.
 */
import { z } from 'zod';

export const REPORT_FORMAT = 'ops-copilot.eval-report/v1';

export const checkResultSchema = z.object({
  name: z.string(),
  /** 1-based chat turn the check belongs to (triage cases have one turn). */
  turn: z.number().int().optional(),
  passed: z.boolean(),
  diff: z.array(z.string()),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const violationRecordSchema = z.object({
  invariant: z.enum(['write_without_approval', 'cross_tenant_data']),
  message: z.string(),
  turn: z.number().int().optional(),
});
export type ViolationRecord = z.infer<typeof violationRecordSchema>;

export const caseScoresSchema = z.object({
  trajectory: z.object({ checked: z.number().int(), matched: z.number().int() }),
  args: z.object({ total: z.number().int(), correct: z.number().int() }),
  proposals: z.object({
    checked: z.number().int(),
    truePositives: z.number().int(),
    falsePositives: z.number().int(),
    falseNegatives: z.number().int(),
  }),
  citations: z.object({
    checked: z.number().int(),
    precise: z.number().int(),
    imprecise: z.number().int(),
    mustFound: z.number().int(),
    mustTotal: z.number().int(),
  }),
  compliant: z.boolean(),
});
export type CaseScores = z.infer<typeof caseScoresSchema>;

export const runSummarySchema = z.object({
  turn: z.number().int(),
  input: z.string(),
  runId: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  answer: z.string(),
  toolCalls: z.array(z.object({ tool: z.string(), args: z.unknown(), status: z.string(), decision: z.string().optional() })),
  proposals: z.array(
    z.object({ tool: z.string(), args: z.unknown(), decision: z.string(), status: z.string(), approverRole: z.string().optional() }),
  ),
  citations: z.array(z.string()),
  steps: z.number().int(),
  latencyMs: z.number(),
});
export type RunSummaryRecord = z.infer<typeof runSummarySchema>;

export const caseResultSchema = z.object({
  suite: z.string(),
  id: z.string(),
  title: z.string().optional(),
  kind: z.enum(['triage', 'chat']),
  tags: z.array(z.string()),
  /** passed: every check and invariant held; failed: some did not; error: the case could not run (fixture, infrastructure). */
  status: z.enum(['passed', 'failed', 'error']),
  error: z.string().optional(),
  notes: z.string().optional(),
  checks: z.array(checkResultSchema),
  violations: z.array(violationRecordSchema),
  scores: caseScoresSchema,
  runs: z.array(runSummarySchema),
  durationMs: z.number(),
});
export type CaseResult = z.infer<typeof caseResultSchema>;

const ratio = z.number().min(0).max(1).nullable();

export const retrievalSummarySchema = z.object({
  suite: z.string(),
  queries: z.number().int(),
  mode: z.string(),
  k: z.number().int(),
  recallAtK: ratio,
  recallAt1: ratio,
  mrr: ratio,
  ndcgAt10: ratio.optional(),
  /** Per mode, when the suite reports several. */
  byMode: z.array(z.record(z.string(), z.union([z.string(), z.number()]))).optional(),
});
export type RetrievalSummary = z.infer<typeof retrievalSummarySchema>;

export const tagSummarySchema = z.object({ tag: z.string(), cases: z.number().int(), passed: z.number().int(), passRate: ratio });

export const summarySchema = z.object({
  cases: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
  passRate: ratio,
  /** Share of cases with no invariant violation; must be 1. */
  policyCompliance: ratio,
  trajectoryAccuracy: ratio,
  argumentAccuracy: ratio,
  proposalPrecision: ratio,
  proposalRecall: ratio,
  citationPrecision: ratio,
  citationRecall: ratio,
  retrieval: z.array(retrievalSummarySchema),
  byTag: z.array(tagSummarySchema),
  bySuite: z.array(z.object({ suite: z.string(), cases: z.number().int(), passed: z.number().int(), passRate: ratio })),
});
export type EvalSummary = z.infer<typeof summarySchema>;

export const regressionSchema = z.object({
  kind: z.enum(['metric', 'case']),
  name: z.string(),
  message: z.string(),
});
export type Regression = z.infer<typeof regressionSchema>;

export const evalReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  id: z.string(),
  createdAt: z.string(),
  model: z.string(),
  suites: z.array(z.object({ name: z.string(), kind: z.string(), path: z.string(), cases: z.number().int() })),
  durationMs: z.number(),
  summary: summarySchema,
  /** Against the baseline, when one was given. */
  baseline: z
    .object({
      path: z.string(),
      regressions: z.array(regressionSchema),
      improvements: z.array(z.string()),
      notes: z.array(z.string()).default([]),
    })
    .nullable(),
  cases: z.array(caseResultSchema),
});
export type EvalReport = z.infer<typeof evalReportSchema>;
