/**
 * A committed floor for retrieval quality on a corpus and question set (CI: the retrieval-dev set).
 * It records the product's hybrid rows (and the BM25 baseline's, for reference); a run whose hybrid
 * recall@5, hit@5 or MRR falls more than the tolerance below the recorded value is a regression.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import type { CorpusEvalResult, CorpusEvalRow } from './run-corpus-eval.ts';

const GUARDED = ['recall@5', 'hit@5', 'mrr'] as const;

const rowSchema = z.object({
  mode: z.enum(['hybrid', 'vector', 'text', 'bm25']),
  kind: z.enum(['all', 'keyword', 'paraphrase']),
  questions: z.number().int().nonnegative(),
  'recall@5': z.number().min(0).max(1),
  'hit@5': z.number().min(0).max(1),
  mrr: z.number().min(0).max(1),
});
export const retrievalBaselineSchema = z.object({
  tolerance: z.number().min(0).max(0.5).default(0.01),
  embedder: z.string(),
  rows: z.array(rowSchema).min(1),
});
export type RetrievalBaseline = z.infer<typeof retrievalBaselineSchema>;

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

export function baselineFromResult(result: CorpusEvalResult, embedder: string, tolerance = 0.01): RetrievalBaseline {
  return {
    tolerance,
    embedder,
    rows: result.rows
      .filter((row) => row.mode === 'hybrid' || row.mode === 'bm25')
      .map((row) => ({
        mode: row.mode,
        kind: row.kind,
        questions: row.questions,
        'recall@5': round(row['recall@5']),
        'hit@5': round(row['hit@5']),
        mrr: round(row.mrr),
      })),
  };
}

export async function readRetrievalBaseline(path: string): Promise<RetrievalBaseline> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`cannot read retrieval baseline ${path}: ${(error as Error).message}`, [
      { path: '--baseline', message: 'unreadable' },
    ]);
  }
  return parseOrThrow(retrievalBaselineSchema, data, `retrieval baseline ${path}`);
}

export async function writeRetrievalBaseline(path: string, baseline: RetrievalBaseline): Promise<void> {
  await writeFile(path, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** Regressions of the hybrid rows against the baseline, as messages (empty: none). */
export function compareWithRetrievalBaseline(rows: readonly CorpusEvalRow[], baseline: RetrievalBaseline): string[] {
  const regressions: string[] = [];
  for (const expected of baseline.rows.filter((row) => row.mode === 'hybrid')) {
    const actual = rows.find((row) => row.mode === 'hybrid' && row.kind === expected.kind);
    if (!actual) {
      regressions.push(`hybrid ${expected.kind}: no questions of this kind in this run`);
      continue;
    }
    for (const metric of GUARDED) {
      if (actual[metric] < expected[metric] - baseline.tolerance) {
        regressions.push(
          `hybrid ${expected.kind} ${metric} ${actual[metric].toFixed(3)} < baseline ${expected[metric].toFixed(3)} − ${baseline.tolerance}`,
        );
      }
    }
  }
  return regressions;
}
