/**
 * Reports on disk: each run writes `<dir>/<report id>/report.json`, `report.md` and `report.html`
 * (default dir eval/reports, git-ignored). The web UI lists and shows them through
 * listEvalReports(dir) / readEvalReport(dir, id), shaped like web/eval-report-source.ts expects.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import { evalReportSchema, type EvalReport } from './report-schema.ts';
import { metricValues } from '../baseline/baseline.ts';

export const DEFAULT_REPORTS_DIR = 'eval/reports';
const REPORT_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** One report in a list (the UI's EvalReportSummary is this type). */
export interface EvalReportListing {
  id: string;
  suite: string;
  createdAt: string;
  model?: string;
  cases: number;
  passed: number;
  failed: number;
  /** Pass rate, 0..1. */
  score?: number;
  /** Baseline regressions, by metric or case name. */
  regressions?: string[];
}

/** One report for display (the UI's EvalReport), plus the full report. */
export interface EvalReportView {
  summary: EvalReportListing;
  metrics: Record<string, number>;
  /** The Markdown report, including each failing case with its diff. */
  text: string;
  report: EvalReport;
}

export interface WrittenReport {
  dir: string;
  json: string;
  markdown: string;
  html: string;
}

export async function writeEvalReport(dir: string, report: EvalReport): Promise<WrittenReport> {
  const target = resolve(dir, report.id);
  await mkdir(target, { recursive: true });
  const paths = { dir: target, json: join(target, 'report.json'), markdown: join(target, 'report.md'), html: join(target, 'report.html') };
  await writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(paths.markdown, renderMarkdown(report));
  await writeFile(paths.html, renderHtml(report));
  return paths;
}

function listing(report: EvalReport): EvalReportListing {
  const { summary } = report;
  return {
    id: report.id,
    suite: report.suites.map((suite) => suite.name).join(', '),
    createdAt: report.createdAt,
    model: report.model,
    cases: summary.cases,
    passed: summary.passed,
    failed: summary.failed + summary.errors,
    ...(summary.passRate !== null ? { score: summary.passRate } : {}),
    ...(report.baseline ? { regressions: report.baseline.regressions.map((regression) => regression.name) } : {}),
  };
}

async function loadReport(dir: string, id: string): Promise<EvalReport | undefined> {
  if (!REPORT_ID.test(id)) return undefined;
  let text: string;
  try {
    text = await readFile(join(resolve(dir), id, 'report.json'), 'utf8');
  } catch {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = evalReportSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Reports under `dir`, newest first. Directories without a readable, valid report.json are left out. */
export async function listEvalReports(dir: string = DEFAULT_REPORTS_DIR): Promise<EvalReportListing[]> {
  let entries: string[];
  try {
    entries = (await readdir(resolve(dir), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
  const reports: EvalReportListing[] = [];
  for (const id of entries) {
    const report = await loadReport(dir, id);
    if (report) reports.push(listing(report));
  }
  return reports.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** One report by id, or undefined (unknown id, or an id that is not a plain report name). */
export async function readEvalReport(dir: string, id: string): Promise<EvalReportView | undefined> {
  const report = await loadReport(dir, id);
  if (!report) return undefined;
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(metricValues(report.summary))) if (value !== null) metrics[name] = value;
  return { summary: listing(report), metrics, text: renderMarkdown(report), report };
}

/** The UI's report source over a directory: `createApp({ evalReports: evalReportSource('eval/reports') })`. */
export function evalReportSource(dir: string = DEFAULT_REPORTS_DIR): {
  listReports(): Promise<EvalReportListing[]>;
  readReport(id: string): Promise<EvalReportView | undefined>;
} {
  return { listReports: () => listEvalReports(dir), readReport: (id) => readEvalReport(dir, id) };
}
