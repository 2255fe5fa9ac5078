/**
 * `copilot eval retrieval`: retrieval quality per search mode, on the bundled labelled set (--suite)
 * or on any corpus and question set (--corpus DIR --questions FILE), then beside the plain BM25
 * baseline and optionally checked against a committed baseline (--baseline; exit 1 on a regression).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../core/config.ts';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import {
  baselineFromResult,
  compareWithRetrievalBaseline,
  readRetrievalBaseline,
  writeRetrievalBaseline,
} from '../../eval/retrieval/retrieval-baseline.ts';
import { formatRanks, perQuestionReport } from '../../eval/retrieval/per-question-report.ts';
import { loadRetrievalSuite } from '../../eval/retrieval/retrieval-suite.ts';
import { runCorpusEval } from '../../eval/retrieval/run-corpus-eval.ts';
import { runRetrievalEval } from '../../eval/retrieval/run-retrieval-eval.ts';
import { createEmbedder } from '../../retrieval/embeddings/create-embedder.ts';
import { printJson, printTable } from '../output.ts';

export const evalRetrievalOptionsSchema = z
  .object({
    suite: z.string().min(1),
    corpus: z.string().min(1).optional(),
    questions: z.string().min(1).optional(),
    half: z.enum(['dev', 'check']).optional(),
    baseline: z.string().min(1).optional(),
    updateBaseline: z.boolean().default(false),
    perQuestion: z.boolean().default(false),
    json: z.boolean().default(false),
  })
  .refine((options) => Boolean(options.corpus) === Boolean(options.questions), {
    message: '--corpus and --questions go together',
    path: ['--questions'],
  })
  .refine((options) => !options.baseline || options.corpus, { message: '--baseline needs --corpus and --questions', path: ['--baseline'] })
  .refine((options) => !options.perQuestion || options.corpus, {
    message: '--per-question needs --corpus and --questions',
    path: ['--per-question'],
  })
  .refine((options) => !options.updateBaseline || options.baseline, {
    message: '--update-baseline needs --baseline <file>',
    path: ['--baseline'],
  });

const progress = (done: number, total: number): void => {
  if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} queries`);
};
const fixed = (value: number): string => value.toFixed(3);

export async function runEvalRetrieval(raw: Record<string, unknown>): Promise<void> {
  const options = parseOrThrow(evalRetrievalOptionsSchema, raw, 'eval retrieval options');
  const config = loadConfig();
  const embedder = createEmbedder(config);
  if (!options.corpus || !options.questions) {
    const suite = await loadRetrievalSuite(options.suite);
    const result = await runRetrievalEval(suite, { embedder, onProgress: progress });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (options.json) printJson(result.summary);
    else {
      process.stdout.write(`${suite.name}: ${result.cases} queries\n`);
      printTable(
        result.summary.map((row) => ({
          mode: row.mode,
          'recall@1': fixed(row['recall@1']),
          'recall@5': fixed(row['recall@5']),
          'hit@5': fixed(row['hit@5']),
          mrr: fixed(row.mrr),
          'ndcg@10': fixed(row['ndcg@10']),
        })),
      );
    }
    return;
  }
  // Read the baseline first: a malformed one should fail before minutes of ingesting.
  const baseline = options.baseline && !options.updateBaseline ? await readRetrievalBaseline(options.baseline) : undefined;
  const result = await runCorpusEval({
    corpusDir: resolve(options.corpus),
    questionsPath: resolve(options.questions),
    embedder,
    ...(options.half ? { half: options.half } : {}),
    onProgress: progress,
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const regressions = baseline ? compareWithRetrievalBaseline(result.rows, baseline) : [];
  const questions = options.perQuestion ? perQuestionReport(result) : undefined;
  if (options.json) printJson(questions ? { rows: result.rows, questions } : result.rows);
  else {
    process.stdout.write(`${options.corpus}: ${result.questions} questions (${result.half}), embedder ${embedder.id}\n`);
    printTable(
      result.rows.map((row) => ({
        mode: row.mode,
        kind: row.kind,
        n: row.questions,
        'recall@1': fixed(row['recall@1']),
        'recall@5': fixed(row['recall@5']),
        'hit@5': fixed(row['hit@5']),
        mrr: fixed(row.mrr),
        'ndcg@10': fixed(row['ndcg@10']),
      })),
    );
    if (questions) {
      process.stdout.write(`\nper question: rank of each relevant file among the first 10 ("-": not among them)\n`);
      printTable(
        questions.map((question) => ({
          id: question.id,
          kind: question.kind,
          hybrid: formatRanks(question.ranks.hybrid),
          vector: formatRanks(question.ranks.vector),
          text: formatRanks(question.ranks.text),
          bm25: formatRanks(question.ranks.bm25),
          'hybrid first': question.top.hybrid?.[0] ?? '',
        })),
      );
    }
  }
  if (options.updateBaseline && options.baseline) {
    if (options.half) throw new ValidationError('--update-baseline with --half would record half the questions; run them all');
    await writeRetrievalBaseline(options.baseline, baselineFromResult(result, embedder.id));
    process.stderr.write(`baseline written to ${options.baseline}\n`);
  } else if (baseline) {
    if (baseline.embedder !== embedder.id)
      process.stderr.write(`note: baseline recorded with ${baseline.embedder}, this run uses ${embedder.id}\n`);
    if (options.half) process.stderr.write('note: --half compares half the questions with a baseline of all of them\n');
    for (const regression of regressions) process.stderr.write(`REGRESSION ${regression}\n`);
    process.stderr.write(
      `baseline ${options.baseline}: ${regressions.length ? `${regressions.length} regression(s)` : 'no regressions'}\n`,
    );
    if (regressions.length) process.exitCode = 1;
  }
}
