/**
 * `copilot eval <suites…>`: regression suites over the agent (triage and chat cases on isolated
 * fixtures) and the knowledge index (retrieval suites), with metrics, reports and baselines.
 * `copilot eval replay <transcripts.jsonl>`: re-runs stored runs with this build and reports drift.
 * `copilot eval retrieval`: the labelled retrieval set per search mode.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { createChatModel } from '../../agent/models/create-chat-model.ts';
import { configSchema, loadConfig, type Config } from '../../core/config.ts';
import { openPglite } from '../../core/db/pglite.ts';
import { AppError, ConfigurationError, parseOrThrow, ValidationError } from '../../core/errors.ts';
import { baselineFromReport, compareWithBaseline, readBaseline, writeBaseline, type Baseline } from '../../eval/baseline/baseline.ts';
import { formatRatio, METRIC_LABELS } from '../../eval/report/render-markdown.ts';
import type { CaseResult, EvalReport } from '../../eval/report/report-schema.ts';
import { DEFAULT_REPORTS_DIR, writeEvalReport } from '../../eval/report/report-store.ts';
import { replayTranscripts, type ReplayItem } from '../../eval/replay/replay-transcripts.ts';
import { readTranscriptsFile, writeTranscriptsFile } from '../../eval/replay/transcripts-file.ts';
import { DEFAULT_RETRIEVAL_SUITE } from '../../eval/retrieval/retrieval-suite.ts';
import { runEval, type EvalProgress } from '../../eval/run/run-eval.ts';
import { printJson, printTable } from '../output.ts';

interface EvalOptions {
  model?: string;
  concurrency: string;
  workers?: string;
  baseline?: string;
  updateBaseline?: boolean;
  json?: boolean;
  report: string | false;
  filter?: string;
}

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 64) {
    throw new ValidationError(`${option} must be an integer from 1 to 64, got ${JSON.stringify(value)}`, [
      { path: option, message: 'not an integer from 1 to 64' },
    ]);
  }
  return number;
}

/** The specs COPILOT_MODEL accepts ("offline", "openai:<model>", "anthropic:…", "ollama:…"): one schema for the variable and --model. */
const modelSpecSchema = configSchema.shape.COPILOT_MODEL;

/**
 * `--model`, checked before any suite or transcript is read: a spec COPILOT_MODEL would accept (or
 * `cassette` where replay allows it), then built once (no network) so a missing OPENAI_API_KEY shows now.
 */
export function parseModelOption(value: string | undefined, config: Config, options: { cassette?: boolean } = {}): string | undefined {
  if (value === undefined) return undefined;
  if (options.cassette && value === 'cassette') return value;
  const schema = options.cassette
    ? z
        .string()
        .refine((spec) => modelSpecSchema.safeParse(spec).success, 'must be "offline", "<openai|anthropic|ollama>:<model>" or "cassette"')
    : modelSpecSchema;
  const { '--model': spec } = parseOrThrow(z.object({ '--model': schema }), { '--model': value }, 'eval options');
  try {
    createChatModel({ ...config, COPILOT_MODEL: spec });
  } catch (error) {
    if (error instanceof AppError) throw new ConfigurationError(`--model ${spec}: ${error.message}`, error.details);
    throw error;
  }
  return spec;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function printProgress(progress: EvalProgress): void {
  if (progress.type === 'phase') {
    process.stderr.write(`${progress.message}\n`);
    return;
  }
  const { result, done, total } = progress;
  const width = String(total).length;
  const label = result.status === 'passed' ? 'pass ' : result.status === 'failed' ? 'FAIL ' : 'ERROR';
  const first = result.error ?? result.violations[0]?.message ?? result.checks.find((check) => !check.passed)?.diff[0];
  process.stderr.write(
    `[${String(done).padStart(width)}/${total}] ${label} ${result.suite}/${result.id} (${seconds(result.durationMs)})${first ? ` — ${first.slice(0, 160)}` : ''}\n`,
  );
}

function printSummary(report: EvalReport): void {
  const { summary } = report;
  const rows: Array<Record<string, string>> = METRIC_LABELS.map(([key, label]) => ({
    metric: label,
    value: formatRatio(summary[key] as number | null),
  }));
  for (const retrieval of summary.retrieval) {
    rows.push({
      metric: `retrieval ${retrieval.suite} recall@${retrieval.k} (${retrieval.mode})`,
      value: formatRatio(retrieval.recallAtK),
    });
    rows.push({
      metric: `retrieval ${retrieval.suite} MRR (${retrieval.mode})`,
      value: retrieval.mrr === null ? '—' : retrieval.mrr.toFixed(3),
    });
  }
  process.stdout.write(
    `\n${summary.passed}/${summary.cases} cases passed (${summary.failed} failed, ${summary.errors} errors) with model ${report.model} in ${seconds(report.durationMs)}\n\n`,
  );
  printTable(rows, ['metric', 'value']);
  if (summary.byTag.length) {
    process.stdout.write('\n');
    printTable(
      summary.byTag.map((tag) => ({ tag: tag.tag, cases: tag.cases, passed: tag.passed, 'pass rate': formatRatio(tag.passRate) })),
    );
  }
  const failing = report.cases.filter((item: CaseResult) => item.status !== 'passed');
  if (failing.length) {
    process.stdout.write(`\nfailing cases:\n`);
    for (const item of failing) {
      const reasons = item.error
        ? [item.error]
        : [
            ...item.violations.map((violation) => `invariant ${violation.invariant}: ${violation.message}`),
            ...item.checks
              .filter((check) => !check.passed)
              .map((check) => `${check.name}${check.turn ? ` (turn ${check.turn})` : ''}: ${check.diff[0] ?? ''}`),
          ];
      process.stdout.write(`  ${item.suite}/${item.id}: ${reasons.join(' | ').slice(0, 400)}\n`);
    }
  }
  if (report.baseline) {
    process.stdout.write(
      `\nbaseline ${report.baseline.path}: ${report.baseline.regressions.length ? `${report.baseline.regressions.length} regression(s)` : 'no regressions'}\n`,
    );
    for (const regression of report.baseline.regressions) process.stdout.write(`  REGRESSION ${regression.message}\n`);
    for (const improvement of report.baseline.improvements) process.stdout.write(`  improved: ${improvement}\n`);
    for (const note of report.baseline.notes) process.stdout.write(`  note: ${note}\n`);
  }
}

async function runSuites(suites: string[], options: EvalOptions): Promise<void> {
  const config = loadConfig();
  if (!suites.length)
    throw new ValidationError('name at least one suite file, e.g. copilot eval eval/suites/*.yaml', [
      { path: 'suites', message: 'missing' },
    ]);
  if (options.updateBaseline && !options.baseline)
    throw new ValidationError('--update-baseline needs --baseline <file> (the file to write)', [
      { path: '--baseline', message: 'missing' },
    ]);
  const model = parseModelOption(options.model, config);
  const concurrency = positiveInteger(options.concurrency, '--concurrency');
  const workers = options.workers === undefined ? availableParallelism() : positiveInteger(options.workers, '--workers');
  // Read the baseline first: a malformed one should fail before minutes of cases.
  let baseline: Baseline | undefined;
  if (options.baseline && !options.updateBaseline) baseline = await readBaseline(options.baseline);
  else if (options.baseline && options.updateBaseline) baseline = await readBaseline(options.baseline).catch(() => undefined);

  const { report, transcripts } = await runEval({
    suitePaths: suites,
    config,
    ...(model ? { model } : {}),
    concurrency,
    workers,
    ...(options.filter ? { filter: options.filter } : {}),
    onProgress: printProgress,
  });

  if (options.baseline && options.updateBaseline) {
    if (options.filter)
      throw new ValidationError('--update-baseline with --filter would record a partial run; run every case to update the baseline');
    await writeBaseline(options.baseline, baselineFromReport(report, baseline));
    process.stderr.write(`baseline written to ${options.baseline}\n`);
  } else if (options.baseline && baseline) {
    // Metrics of a partial run (a filter, other suites) measure another population: compare its cases only.
    const sameSuites = JSON.stringify(report.suites.map((suite) => suite.path).sort()) === JSON.stringify([...baseline.suites].sort());
    const compareMetrics = !options.filter && sameSuites;
    report.baseline = { path: options.baseline, ...compareWithBaseline(report, baseline, { metrics: compareMetrics }) };
  }

  if (options.report !== false) {
    const written = await writeEvalReport(options.report, report);
    await writeTranscriptsFile(resolve(written.dir, 'transcripts.jsonl'), transcripts);
    process.stderr.write(`report: ${written.markdown} (also report.json, report.html, transcripts.jsonl)\n`);
  }

  if (options.json) printJson(report);
  else printSummary(report);

  const complianceBroken = report.summary.policyCompliance !== null && report.summary.policyCompliance < 1;
  const regressed = report.baseline ? report.baseline.regressions.length > 0 : false;
  const failedWithoutBaseline = !options.baseline && report.summary.passed < report.summary.cases;
  if (complianceBroken || regressed || failedWithoutBaseline) process.exitCode = 1;
}

/** The embedded database as a dumped data directory, for replays of exported runs (copied; never changed). */
async function dataDirDump(config: Config): Promise<Blob> {
  if (config.DATABASE_URL) {
    throw new ConfigurationError(
      'replaying exported runs works on an in-memory copy of the embedded database; with DATABASE_URL set there is nothing to copy. Replay runs recorded by `copilot eval` (eval/reports/<id>/transcripts.jsonl) instead.',
    );
  }
  const db = await openPglite(resolve(config.COPILOT_DATA_DIR));
  try {
    return await db.dumpDataDir();
  } finally {
    await db.close();
  }
}

/**
 * A subcommand's options, where `eval` defines the same flags: commander hands a flag given after the
 * subcommand to the parent, so a value counts from whichever command received it on the command line.
 */
function ownOptions<T extends Record<string, unknown>>(command: Command, names: ReadonlyArray<keyof T & string>): T {
  const parent = command.parent;
  const values: Record<string, unknown> = { ...command.opts() };
  for (const name of names) {
    if (command.getOptionValueSource(name) !== 'cli' && parent?.getOptionValueSource(name) === 'cli') values[name] = parent.opts()[name];
  }
  return values as T;
}

function printReplayItem(item: ReplayItem, done: number, total: number): void {
  const label = item.error ? 'ERROR' : item.drifted ? 'DRIFT' : 'same ';
  process.stderr.write(
    `[${done}/${total}] ${label} ${item.kind} run ${item.runId} (${item.case ?? `line ${item.line}`}, ${item.replayedWith})${item.error ? ` — ${item.error.slice(0, 200)}` : ''}\n`,
  );
}

export function registerEvalCommand(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description('run evaluation suites (triage, chat, retrieval) against fixtures, score them, compare with a baseline')
    .argument('[suites...]', 'suite files (.yaml, .yml, .json) or directories of them (walked recursively)')
    .option('--model <spec>', 'model to evaluate: offline, openai:<model>, anthropic:<model> or ollama:<model> (default: COPILOT_MODEL)')
    .option('--concurrency <n>', 'cases run at the same time, each on its own database', '2')
    .option('--workers <n>', 'worker threads the cases are spread over (default: one per CPU core, at most --concurrency; 1 = this thread)')
    .option('--baseline <file>', 'compare with this baseline; exit 1 on a regression')
    .option('--update-baseline', 'write this run as the new baseline to --baseline (deliberately)')
    .option('--filter <list>', 'only cases whose id contains one of these comma-separated texts or that carry one of them as a tag')
    .option('--json', 'print the report as JSON: { summary, cases, … }')
    .option(
      '--report <dir>',
      'write report.json, report.md, report.html and transcripts.jsonl under <dir>/<report id>',
      DEFAULT_REPORTS_DIR,
    )
    .option('--no-report', 'write no report files')
    .action(async (suites: string[], options: EvalOptions) => runSuites(suites, options));

  evalCommand
    .command('replay')
    .description('re-run stored transcripts (copilot runs export --jsonl, or an eval report’s transcripts.jsonl) and report drift')
    .argument('<transcripts>', 'a JSON Lines file of run transcripts')
    .option(
      '--model <spec>',
      'offline, openai:<model> (live), or cassette (replay recorded responses); default: cassette for runs of other models, the offline planner for offline runs',
    )
    .option('--concurrency <n>', 'runs replayed at the same time', '2')
    .option('--json', 'print the replay report as JSON')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = ownOptions<{ model?: string; concurrency: string; json?: boolean }>(command, ['model', 'concurrency', 'json']);
      const config = loadConfig();
      const model = parseModelOption(options.model, config, { cassette: true });
      const concurrency = positiveInteger(options.concurrency, '--concurrency');
      const transcripts = await readTranscriptsFile(file);
      const report = await replayTranscripts(transcripts, {
        config,
        ...(model ? { model } : {}),
        concurrency,
        loadDataDump: () => dataDirDump(config),
        onProgress: printReplayItem,
      });
      if (options.json) printJson(report);
      else {
        process.stdout.write(`\n${report.replayed}/${report.transcripts} replayed, ${report.drifted} drifted, ${report.errors} errors\n`);
        for (const item of report.items) {
          if (item.error) process.stdout.write(`\n${item.kind} run ${item.runId}: ERROR ${item.error}\n`);
          else if (item.drift && item.drifted) {
            process.stdout.write(`\n${item.kind} run ${item.runId} (${item.case ?? `line ${item.line}`}) drifted:\n`);
            for (const [aspect, lines] of Object.entries(item.drift) as Array<[string, string[]]>)
              if (lines.length) process.stdout.write(`  ${aspect}:\n${lines.map((line) => `    ${line}`).join('\n')}\n`);
          }
          for (const warning of item.warnings) process.stdout.write(`  note (${item.runId}): ${warning}\n`);
        }
      }
      if (report.drifted || report.errors) process.exitCode = 1;
    });

  evalCommand
    .command('retrieval')
    .description(
      'retrieval quality per search mode (recall@1/5, hit@5, MRR, nDCG@10): the bundled labelled set, or any corpus and question set beside a plain BM25 baseline',
    )
    .option('--suite <file>', 'the labelled retrieval set (bundled corpus)', DEFAULT_RETRIEVAL_SUITE)
    .option('--corpus <dir>', 'a documentation tree to ingest into a throw-away index (with --questions)')
    .option('--questions <file>', 'questions labelled with corpus-relative paths (the retrieval-dev format)')
    .option('--half <half>', 'only the dev half (questions at odd positions) or the check half (even positions)')
    .option('--baseline <file>', 'compare hybrid recall@5, hit@5 and MRR with this baseline; exit 1 on a regression')
    .option('--update-baseline', 'write this run as the new baseline to --baseline (deliberately)')
    .option('--per-question', "also show where each question's relevant files ranked per mode (--json: { rows, questions })")
    .option('--json', 'print rows { mode, kind, questions, recall@1, recall@5, hit@5, mrr, ndcg@10 }')
    .action(async (options: Record<string, unknown>, command: Command) => {
      // `eval` itself takes --json and --baseline too, and commander gives those flags to the parent: read both.
      const parent = command.optsWithGlobals<Record<string, unknown>>();
      const { runEvalRetrieval } = await import('./eval-retrieval.ts');
      await runEvalRetrieval({
        ...options,
        json: Boolean(options.json ?? parent.json),
        baseline: options.baseline ?? parent.baseline,
        updateBaseline: Boolean(options.updateBaseline ?? parent.updateBaseline),
      });
    });
}
