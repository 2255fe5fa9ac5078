/**
 * A foreign question set (the format of ../shared/retrieval-dev/questions.yaml): questions labelled
 * with the corpus files that answer them and a kind (keyword: may reuse the page's words; paraphrase:
 * shares almost none). Read as a retrieval suite whose relevant documents are corpus-relative paths.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import type { RetrievalSuite } from './retrieval-suite.ts';

export const questionKindSchema = z.enum(['keyword', 'paraphrase']);
export type QuestionKind = z.infer<typeof questionKindSchema>;

const cleanText = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((text) => !text.includes('\u0000'), 'contains a NUL character');

export const questionSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: cleanText,
  relevant: z.array(z.string().trim().min(1)).min(1).max(50),
  kind: questionKindSchema.default('keyword'),
  answer_hint: z.string().optional(),
});
export const questionSetSchema = z.array(questionSchema).min(1).max(10_000);
export type Question = z.infer<typeof questionSchema>;

export async function loadQuestionSet(path: string): Promise<Question[]> {
  let data: unknown;
  try {
    data = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`cannot read question file ${path}: ${(error as Error).message}`, [
      { path: '--questions', message: 'unreadable' },
    ]);
  }
  const questions = parseOrThrow(questionSetSchema, data, `question file ${path}`);
  const seen = new Set<string>();
  for (const question of questions) {
    if (seen.has(question.id)) throw new ValidationError(`question file ${path}: id ${question.id} appears twice`);
    seen.add(question.id);
  }
  return questions;
}

/**
 * The fixed dev/check split: questions at odd positions in the file (1st, 3rd, …) are the dev half
 * that tuning may look at, the others the check half that reports how well the tuning generalises.
 */
export function questionsOfHalf(questions: readonly Question[], half: 'dev' | 'check' | undefined): Question[] {
  if (!half) return [...questions];
  return questions.filter((_, index) => (index % 2 === 0) === (half === 'dev'));
}

export function questionsAsSuite(name: string, questions: readonly Question[]): RetrievalSuite {
  return {
    name,
    kind: 'retrieval',
    cases: questions.map((question) => ({ id: question.id, query: question.question, relevant: question.relevant, tags: [question.kind] })),
  };
}
