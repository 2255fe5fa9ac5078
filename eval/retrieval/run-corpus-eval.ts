/**
 * `copilot eval retrieval --corpus DIR --questions FILE`: any corpus and question set in the
 * retrieval-dev format, ingested into a throw-away in-memory index and asked in every search mode,
 * with the plain BM25 baseline over whole files computed the same way beside it. Rows per mode and
 * per question kind: recall@1, recall@5, hit@5, MRR, nDCG@10.
 */
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { ValidationError } from '../../core/errors.ts';
import { walkPaths } from '../../ingestion/loaders/walk-paths.ts';
import type { KnowledgeEmbedder } from '../../retrieval/embeddings/knowledge-embedder.ts';
import type { SearchTuning } from '../../retrieval/search/search-knowledge.ts';
import type { SearchMode } from '../../retrieval/search/search-types.ts';
import { Bm25Baseline } from './bm25-baseline.ts';
import { caseMetrics, meanMetrics, type RetrievalMetrics } from './metrics.ts';
import { loadQuestionSet, questionsAsSuite, questionsOfHalf, type QuestionKind } from './question-set.ts';
import { RETRIEVAL_MODES, runRetrievalEval } from './run-retrieval-eval.ts';

export type EvalMode = SearchMode | 'bm25';
export type RowKind = 'all' | QuestionKind;

export type CorpusEvalRow = { mode: EvalMode; kind: RowKind; questions: number } & RetrievalMetrics;

export interface CorpusEvalResult {
  corpus: string;
  questions: number;
  half: 'dev' | 'check' | 'all';
  rows: CorpusEvalRow[];
  /** Per question and mode: the ranked corpus paths (the first 10) and the relevant ones. */
  results: Array<{ id: string; mode: EvalMode; kind: QuestionKind; relevant: string[]; ranked: string[]; metrics: RetrievalMetrics }>;
}

export interface CorpusEvalOptions {
  corpusDir: string;
  questionsPath: string;
  embedder: KnowledgeEmbedder;
  half?: 'dev' | 'check';
  modes?: readonly SearchMode[];
  tuning?: SearchTuning;
  onProgress?: (done: number, total: number) => void;
}

export async function runCorpusEval(options: CorpusEvalOptions): Promise<CorpusEvalResult> {
  const questions = questionsOfHalf(await loadQuestionSet(options.questionsPath), options.half);
  const { files, problems } = await walkPaths([options.corpusDir]);
  const missingRoot = problems.find((problem) => problem.path === options.corpusDir);
  if (missingRoot)
    throw new ValidationError(`--corpus ${options.corpusDir}: ${missingRoot.reason}`, [{ path: '--corpus', message: missingRoot.reason }]);
  const labelOf = (path: string): string => relative(options.corpusDir, path).split(sep).join('/');
  const labels = new Set(files.map((file) => labelOf(file.path)));
  for (const question of questions) {
    const unknown = question.relevant.find((path) => !labels.has(path));
    if (unknown) {
      throw new ValidationError(`question ${question.id} names ${unknown}, which is not a supported file under ${options.corpusDir}`, [
        { path: `questions.${question.id}.relevant`, message: 'not in the corpus' },
      ]);
    }
  }
  const kindOf = new Map(questions.map((question) => [question.id, question.kind]));
  const suite = questionsAsSuite(options.questionsPath, questions);
  const evaluated = await runRetrievalEval(suite, {
    embedder: options.embedder,
    corpusDir: options.corpusDir,
    modes: options.modes ?? RETRIEVAL_MODES,
    relevantByPath: true,
    ...(options.tuning ? { tuning: options.tuning } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const results: CorpusEvalResult['results'] = evaluated.results.map((result) => ({
    id: result.id,
    mode: result.mode,
    kind: kindOf.get(result.id)!,
    relevant: result.relevant,
    ranked: result.ranked,
    metrics: result.metrics,
  }));

  const baseline = new Bm25Baseline(
    await Promise.all(files.map(async (file) => ({ label: labelOf(file.path), text: await readFile(file.path, 'utf8').catch(() => '') }))),
  );
  for (const question of questions) {
    const ranked = baseline.rank(question.question, 10);
    results.push({
      id: question.id,
      mode: 'bm25',
      kind: question.kind,
      relevant: question.relevant,
      ranked,
      metrics: caseMetrics(ranked, question.relevant),
    });
  }

  const rows: CorpusEvalRow[] = [];
  for (const mode of [...(options.modes ?? RETRIEVAL_MODES), 'bm25'] as const) {
    for (const kind of ['all', 'keyword', 'paraphrase'] as const) {
      const selected = results.filter((result) => result.mode === mode && (kind === 'all' || result.kind === kind));
      if (selected.length === 0) continue;
      rows.push({ mode, kind, questions: selected.length, ...meanMetrics(selected.map((result) => result.metrics)) });
    }
  }
  return { corpus: options.corpusDir, questions: questions.length, half: options.half ?? 'all', rows, results };
}
