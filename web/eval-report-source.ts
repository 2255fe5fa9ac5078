/**
 * Hook for evaluation reports in the UI (/evals, evaluator role). The eval module supplies an
 * implementation through createApp({ evalReports }); until then the page says the module is absent.
 */
export interface EvalReportSummary {
  id: string;
  suite: string;
  createdAt: string;
  model?: string;
  cases: number;
  passed: number;
  failed: number;
  /** 0..1, when the suite scores. */
  score?: number;
  /** Metrics that regressed against the baseline, by name. */
  regressions?: string[];
}

export interface EvalReport {
  summary: EvalReportSummary;
  /** Per-metric values (name → value) shown as a table. */
  metrics?: Record<string, number>;
  /** The report as Markdown (rendered on the page). */
  text?: string;
}

export interface EvalReportSource {
  listReports(): Promise<EvalReportSummary[]>;
  readReport(id: string): Promise<EvalReport | undefined>;
}
