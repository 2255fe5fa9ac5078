/**
 * `copilot eval <suites…>`: loads the suites, builds the fixture template once, runs every case on
 * its own clone with `concurrency` cases in flight, runs retrieval suites against a clone of the same
 * template, and assembles the report (summary metrics, per-case results with diffs).
 */
import { relative } from 'node:path';
import type { Config } from '../../core/config.ts';
import { registerExceptionDetection } from '../../core/exceptions/register-exception-detection.ts';
import { createChatModel } from '../../agent/models/create-chat-model.ts';
import type { ModelHandle } from '../../agent/models/model-handle.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../../tools/registry.ts';
import { REPORT_FORMAT, type CaseResult, type EvalReport, type RetrievalSummary } from '../report/report-schema.ts';
import { summarize } from '../scoring/summarize.ts';
import { loadSuiteFile, type LoadedSuite } from '../suite/load-suite.ts';
import type { EvalCase } from '../suite/suite-schema.ts';
import { runRetrievalSuite } from './retrieval-suites.ts';
import { runCase, type SuiteContext } from './run-case.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import type { EvalAnnotation } from '../replay/transcripts-file.ts';
import { RunTemplates } from './templates.ts';

export type EvalProgress =
  | { type: 'phase'; message: string }
  | { type: 'case'; done: number; total: number; result: CaseResult };

export interface EvalRunOptions {
  suitePaths: readonly string[];
  config: Config;
  /** Model spec ("offline", "openai:<model>"); default the configured COPILOT_MODEL. */
  model?: string;
  /** A ready model (tests, cassettes); wins over `model`. */
  modelHandle?: ModelHandle;
  registry?: ToolRegistry;
  concurrency?: number;
  /** Only cases whose id or tags match: comma-separated id fragments or exact tags. */
  filter?: string;
  onProgress?: (progress: EvalProgress) => void;
}

/** Runs `worker` over `items` with at most `limit` in flight; results in input order. */
export async function mapPool<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/** A comma-separated list of id fragments and tags; a case matches any of them. */
function matchesFilter(evalCase: EvalCase, filter: string | undefined): boolean {
  if (!filter) return true;
  return filter.split(',').map((part) => part.trim()).filter(Boolean).some((part) => evalCase.id.includes(part) || evalCase.tags.includes(part));
}

/** A suite path as reports and baselines record it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath && !relativePath.startsWith('..') ? relativePath : path;
}

export function reportId(createdAt: Date, model: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `${stamp}-${model.replace(/[^A-Za-z0-9]+/g, '-')}`.toLowerCase();
}

export async function loadSuites(paths: readonly string[]): Promise<LoadedSuite[]> {
  const suites: LoadedSuite[] = [];
  for (const path of paths) suites.push(await loadSuiteFile(path));
  return suites;
}

/** A run's transcript with the case it belongs to, so `copilot eval replay` can rebuild its fixture. */
export interface EvalTranscript {
  annotation: EvalAnnotation;
  transcript: RunTranscript;
}

export interface EvalRunResult {
  report: EvalReport;
  transcripts: EvalTranscript[];
}

export async function runEval(options: EvalRunOptions): Promise<EvalRunResult> {
  const started = Date.now();
  const createdAt = new Date();
  const progress = options.onProgress ?? (() => {});
  const suites = await loadSuites(options.suitePaths);
  registerExceptionDetection();
  const model = options.modelHandle ?? createChatModel({ ...options.config, COPILOT_MODEL: options.model ?? options.config.COPILOT_MODEL });
  const registry = options.registry ?? buildDefaultRegistry();
  const templates = new RunTemplates(options.config, (message) => progress({ type: 'phase', message }));

  const work: Array<{ suite: SuiteContext; evalCase: EvalCase }> = [];
  for (const loaded of suites) {
    if (loaded.kind !== 'agent') continue;
    const suite: SuiteContext = { name: loaded.suite.name, path: displayPath(loaded.path), dir: loaded.dir, scenarios: loaded.suite.scenarios };
    for (const evalCase of loaded.suite.cases) if (matchesFilter(evalCase, options.filter)) work.push({ suite, evalCase });
  }

  const retrieval: RetrievalSummary[] = [];
  for (const loaded of suites) {
    if (loaded.kind !== 'retrieval') continue;
    progress({ type: 'phase', message: `retrieval suite ${loaded.name}: ${loaded.cases} queries` });
    retrieval.push(...(await runRetrievalSuite(loaded.path, templates, options.config)));
  }

  if (work.length) progress({ type: 'phase', message: `running ${work.length} cases, ${options.concurrency ?? 2} at a time` });
  let done = 0;
  const transcripts: EvalTranscript[] = [];
  const cases = await mapPool(work, options.concurrency ?? 2, async ({ suite, evalCase }) => {
    const { result, transcripts: runs } = await runCase({ config: options.config, model, registry, templates }, suite, evalCase);
    for (const run of runs) transcripts.push({ annotation: { suite: suite.path, case: evalCase.id, turn: run.turn }, transcript: run.transcript });
    done += 1;
    progress({ type: 'case', done, total: work.length, result });
    return result;
  });

  const report: EvalReport = {
    format: REPORT_FORMAT,
    id: reportId(createdAt, model.id),
    createdAt: createdAt.toISOString(),
    model: model.id,
    suites: suites.map((loaded) => ({
      name: loaded.kind === 'agent' ? loaded.suite.name : loaded.name,
      kind: loaded.kind === 'agent' ? loaded.suite.kind : 'retrieval',
      path: displayPath(loaded.path),
      cases: loaded.kind === 'agent' ? loaded.suite.cases.length : loaded.cases,
    })),
    durationMs: Date.now() - started,
    summary: summarize(cases, retrieval),
    baseline: null,
    cases,
  };
  return { report, transcripts };
}
