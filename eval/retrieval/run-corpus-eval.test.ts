import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHashEmbeddings } from '../../retrieval/embeddings/local-hash-embeddings.ts';
import { baselineFromResult, compareWithRetrievalBaseline } from './retrieval-baseline.ts';
import { perQuestionReport } from './per-question-report.ts';
import { runCorpusEval, type CorpusEvalResult } from './run-corpus-eval.ts';

// A small foreign docs tree (nested page.mdx files, an .rst page) and questions naming files by path.
describe('runCorpusEval', () => {
  let dir: string;
  let result: CorpusEvalResult;
  const embedder = new LocalHashEmbeddings();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copilot-corpus-eval-'));
    const corpus = join(dir, 'corpus');
    await mkdir(join(corpus, 'orders', 'returns'), { recursive: true });
    await mkdir(join(corpus, 'orders', 'claims'), { recursive: true });
    await writeFile(
      join(corpus, 'orders', 'returns', 'page.mdx'),
      'export const metadata = {\n  title: `Manage Order Returns`,\n}\n\n# {metadata.title}\n\n## Receive a return\n\nMark returned items as received and refund the customer.\n',
    );
    await writeFile(
      join(corpus, 'orders', 'claims', 'page.mdx'),
      '# Order Claims\n\n## Damaged items\n\nCreate a claim to send a replacement item for a damaged delivery without charging again.\n',
    );
    await writeFile(
      join(corpus, 'stock.rst'),
      'Stock locations\n===============\n\nEach warehouse is a stock location with its own inventory levels.\n',
    );
    await writeFile(
      join(dir, 'questions.yaml'),
      [
        '- id: q1\n  question: "how do I mark returned items as received"\n  relevant: [orders/returns/page.mdx]\n  kind: keyword',
        '- id: q2\n  question: "damaged delivery replacement claim"\n  relevant: [orders/claims/page.mdx]\n  kind: keyword',
        '- id: q3\n  question: "which warehouse holds the inventory"\n  relevant: [stock.rst]\n  kind: paraphrase',
      ].join('\n'),
    );
    result = await runCorpusEval({ corpusDir: corpus, questionsPath: join(dir, 'questions.yaml'), embedder });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('ranks corpus files in every mode and beside the BM25 baseline, per question kind', () => {
    expect(result.questions).toBe(3);
    const modes = [...new Set(result.rows.map((row) => row.mode))];
    expect(modes).toEqual(['hybrid', 'vector', 'text', 'bm25']);
    const hybrid = result.rows.find((row) => row.mode === 'hybrid' && row.kind === 'all')!;
    expect(hybrid).toMatchObject({ questions: 3, 'recall@5': 1, 'hit@5': 1 });
    expect(result.rows.find((row) => row.mode === 'bm25' && row.kind === 'paraphrase')?.questions).toBe(1);
    const q1 = result.results.find((entry) => entry.id === 'q1' && entry.mode === 'hybrid')!;
    expect(q1.ranked[0]).toBe('orders/returns/page.mdx');
    expect(q1.relevant).toEqual(['orders/returns/page.mdx']);
    expect(perQuestionReport(result).find((question) => question.id === 'q1')?.ranks).toMatchObject({ hybrid: [1], bm25: [1] });
  });

  it('records a baseline and reports a run that falls below it', () => {
    const baseline = baselineFromResult(result, embedder.id);
    expect(compareWithRetrievalBaseline(result.rows, baseline)).toEqual([]);
    const worse = result.rows.map((row) => (row.mode === 'hybrid' && row.kind === 'all' ? { ...row, 'recall@5': 0.5 } : row));
    expect(compareWithRetrievalBaseline(worse, baseline)).toEqual([expect.stringMatching(/hybrid all recall@5 0\.500 < baseline 1\.000/)]);
  });

  it('refuses questions naming files the corpus does not have', async () => {
    await writeFile(join(dir, 'bad.yaml'), '- id: x\n  question: "anything"\n  relevant: [nope.md]\n');
    await expect(runCorpusEval({ corpusDir: join(dir, 'corpus'), questionsPath: join(dir, 'bad.yaml'), embedder })).rejects.toThrow(
      /question x names nope\.md, which is not a supported file/,
    );
    await expect(runCorpusEval({ corpusDir: join(dir, 'missing'), questionsPath: join(dir, 'questions.yaml'), embedder })).rejects.toThrow(
      /--corpus/,
    );
  });
});
