/**
 * Hook for evaluation reports in the UI (/evals, evaluator role). The eval module supplies an
 * implementation through createApp({ evalReports }); until then the page says the module is absent.
 */
import type { EvalReportListing } from '../eval/report/report-store.ts';

/** One report in the list: the eval module's listing (eval/report/report-store.ts owns the shape). */
export type EvalReportSummary = EvalReportListing;

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
