import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadQuestionSet } from './question-set.ts';

const QUESTIONS = fileURLToPath(new URL('./undici-docs-questions.yaml', import.meta.url));
// The corpus is the docs tree the installed undici package ships (a dependency of cheerio).
const CORPUS = fileURLToPath(new URL('../../node_modules/undici/docs/docs/', import.meta.url));

describe('the undici sanity question set', () => {
  it('parses, mixes keyword and paraphrase questions, and names only pages the installed package ships', async () => {
    const questions = await loadQuestionSet(QUESTIONS);
    const kinds = questions.map((question) => question.kind);
    expect(kinds.filter((kind) => kind === 'keyword').length).toBeGreaterThanOrEqual(5);
    expect(kinds.filter((kind) => kind === 'paraphrase').length).toBeGreaterThanOrEqual(5);
    const missing: string[] = [];
    for (const path of new Set(questions.flatMap((question) => question.relevant))) {
      // A page renamed or dropped by an undici upgrade: relabel the question (the eval refuses unknown paths).
      const present = await access(CORPUS + path).then(
        () => true,
        () => false,
      );
      if (!present) missing.push(path);
    }
    expect(missing).toEqual([]);
  });
});
