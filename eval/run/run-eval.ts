/**
 * `copilot eval <suites…>`: loads the suites, builds the fixture template once, runs every case on
 * its own clone with `concurrency` cases in flight, runs retrieval suites against a clone of the same
 * template, and assembles the report (summary metrics, per-case results with diffs).
 */
import type { Config } from '../../core/config.ts';
import { registerExceptionDetection } from '../../core/exceptions/register-exception-detection.ts';
import { createChatModel } from '../../agent/models/create-chat-model.ts';
import type { ModelHandle } from '../../agent/models/model-handle.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../../tools/registry.ts';
import { REPORT_FORMAT, type CaseResult, type EvalReport, type RetrievalSummary } from '../report/report-schema.ts';
import { summarize } from '../scoring/summarize.ts';
import { expandSuitePaths, loadSuiteFile, type LoadedSuite } from '../suite/load-suite.ts';
import type { EvalCase } from '../suite/suite-schema.ts';
import { runRetrievalSuite } from './retrieval-suites.ts';
import { displayPath } from './display-path.ts';
import { caseIdentity, runCase, type CaseRun, type SuiteContext } from './run-case.ts';
import { startCasePool } from './worker-pool.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import type { EvalAnnotation } from '../replay/transcripts-file.ts';
import { RunTemplates, serializeTemplate, templateKey } from './templates.ts';

export type EvalProgress = { type: 'phase'; message: string } | { type: 'case'; done: number; total: number; result: CaseResult };

export interface EvalRunOptions {
  suitePaths: readonly string[];
  config: Config;
  /** Model spec ("offline", "openai:<model>"); default the configured COPILOT_MODEL. */
  model?: string;
  /** A ready model (tests, cassettes); wins over `model`. */
  modelHandle?: ModelHandle;
  registry?: ToolRegistry;
  concurrency?: number;
  /**
   * Worker threads to spread cases over (cases are CPU-bound; threads use more cores). 0 or 1 runs
   * them in this thread, as does a ready-made `modelHandle` (it cannot travel to a thread).
   */
  workers?: number;
  /** Only cases whose id or tags match: comma-separated id fragments or exact tags. */
  filter?: string;
  onProgress?: (progress: EvalProgress) => void;
  /**
   * Templates to build fixtures from, shared with other runs in this process (each is built once, on
   * first need, and never changed: every case clones it). Default: this run's own; their build
   * messages then go to `onProgress`.
   */
  templates?: RunTemplates;
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
  return filter
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .some((part) => evalCase.id.includes(part) || evalCase.tags.includes(part));
}

export function reportId(createdAt: Date, model: string): string {
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
  return `${stamp}-${model.replace(/[^A-Za-z0-9]+/g, '-')}`.toLowerCase();
}

export async function loadSuites(paths: readonly string[]): Promise<LoadedSuite[]> {
  const suites: LoadedSuite[] = [];
  for (const path of await expandSuitePaths(paths)) suites.push(await loadSuiteFile(path));
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
  const templates = options.templates ?? new RunTemplates(options.config, (message) => progress({ type: 'phase', message }));

  const work: Array<{ suite: SuiteContext; evalCase: EvalCase }> = [];
  for (const loaded of suites) {
    if (loaded.kind !== 'agent') continue;
    const suite: SuiteContext = {
      name: loaded.suite.name,
      path: displayPath(loaded.path),
      dir: loaded.dir,
      scenarios: loaded.suite.scenarios,
    };
    for (const evalCase of loaded.suite.cases) if (matchesFilter(evalCase, options.filter)) work.push({ suite, evalCase });
  }

  const runRetrieval = async (): Promise<RetrievalSummary[]> => {
    const summaries: RetrievalSummary[] = [];
    for (const loaded of suites) {
      if (loaded.kind !== 'retrieval') continue;
      progress({ type: 'phase', message: `retrieval suite ${loaded.name}: ${loaded.cases} queries` });
      summaries.push(...(await runRetrievalSuite(loaded.path, templates, options.config)));
    }
    return summaries;
  };

  const concurrency = Math.max(1, options.concurrency ?? 2);
  const workers = options.modelHandle ? 1 : Math.max(1, Math.min(options.workers ?? 1, concurrency, work.length));
  const transcripts: EvalTranscript[] = [];
  let done = 0;
  const collect = ({ result, transcripts: runs }: CaseRun, index: number): CaseResult => {
    const { suite, evalCase } = work[index]!;
    for (const run of runs)
      transcripts.push({ annotation: { suite: suite.path, case: evalCase.id, turn: run.turn }, transcript: run.transcript });
    done += 1;
    progress({ type: 'case', done, total: work.length, result });
    return result;
  };

  let cases: CaseResult[];
  let retrieval: RetrievalSummary[];
  if (workers > 1) {
    // The base template is built first and copied to every thread; other templates (the seeded one)
    // are built here while the threads run scenario cases, and their cases wait for them.
    const keys = new Map(work.map(({ evalCase }) => [templateKey(evalCase.fixture), evalCase.fixture] as const));
    const base = await serializeTemplate('base', await templates.base());
    progress({ type: 'phase', message: `running ${work.length} cases on ${workers} worker threads, ${concurrency} at a time` });
    const order = work
      .map((_, index) => index)
      .sort(
        (a, b) => Number(templateKey(work[a]!.evalCase.fixture) !== 'base') - Number(templateKey(work[b]!.evalCase.fixture) !== 'base'),
      );
    const poolCases = order.map((index) => {
      const { suite, evalCase } = work[index]!;
      return {
        suitePath: suite.path,
        caseId: evalCase.id,
        identity: caseIdentity(suite.name, evalCase),
        templateKey: templateKey(evalCase.fixture),
      };
    });
    const results = new Array<CaseResult>(work.length);
    const pool = startCasePool(poolCases, {
      config: options.config,
      modelSpec: model.id,
      templates: [base],
      workers,
      inFlight: Math.ceil(concurrency / workers),
      onResult: (run, position) => {
        results[order[position]!] = collect(run, order[position]!);
      },
    });
    const extraTemplates = async (): Promise<void> => {
      for (const [key, fixture] of keys) {
        if (key === 'base') continue;
        try {
          pool.addTemplate(await serializeTemplate(key, await templates.templateFor(fixture)));
        } catch (error) {
          pool.failTemplate(key, error);
        }
      }
    };
    [retrieval] = await Promise.all([runRetrieval(), pool.results, extraTemplates()]);
    cases = results;
  } else {
    retrieval = await runRetrieval();
    if (work.length) progress({ type: 'phase', message: `running ${work.length} cases, ${concurrency} at a time` });
    cases = await mapPool(work, concurrency, async ({ suite, evalCase }, index) =>
      collect(await runCase({ config: options.config, model, registry, templates }, suite, evalCase), index),
    );
  }

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
