import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestionSet, questionsAsSuite, questionsOfHalf } from './question-set.ts';

describe('question sets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copilot-questions-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };

  it('reads the retrieval-dev format and splits it into fixed halves', async () => {
    const path = await write(
      'q.yaml',
      ['a', 'b', 'c', 'd', 'e']
        .map(
          (id, index) =>
            `- id: ${id}\n  question: "question ${id}"\n  relevant: [x/${id}.md]\n  kind: ${index % 2 ? 'paraphrase' : 'keyword'}\n`,
        )
        .join(''),
    );
    const questions = await loadQuestionSet(path);
    expect(questions.map((question) => question.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(questionsOfHalf(questions, 'dev').map((question) => question.id)).toEqual(['a', 'c', 'e']);
    expect(questionsOfHalf(questions, 'check').map((question) => question.id)).toEqual(['b', 'd']);
    expect(questionsAsSuite('s', questions).cases[1]).toMatchObject({
      id: 'b',
      query: 'question b',
      relevant: ['x/b.md'],
      tags: ['paraphrase'],
    });
  });

  it('names what is wrong in a bad file', async () => {
    await expect(loadQuestionSet(await write('bad-kind.yaml', '- id: a\n  question: q\n  relevant: [x]\n  kind: fuzzy\n'))).rejects.toThrow(
      /kind/,
    );
    await expect(loadQuestionSet(await write('no-relevant.yaml', '- id: a\n  question: q\n  relevant: []\n'))).rejects.toThrow(/relevant/);
    await expect(
      loadQuestionSet(await write('dupe.yaml', '- {id: a, question: q, relevant: [x]}\n- {id: a, question: r, relevant: [y]}\n')),
    ).rejects.toThrow(/appears twice/);
    await expect(loadQuestionSet(await write('nul.yaml', '- {id: a, question: "q\\0", relevant: [x]}\n'))).rejects.toThrow(/NUL/);
    await expect(loadQuestionSet(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read question file/);
  });
});
