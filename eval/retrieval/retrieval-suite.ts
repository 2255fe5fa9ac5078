/** The labelled retrieval set (eval/suites/retrieval.yaml): queries with the document ids that answer them. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';

export const DEFAULT_RETRIEVAL_SUITE = fileURLToPath(new URL('../suites/retrieval.yaml', import.meta.url));

export const retrievalCaseSchema = z.object({
  id: z.string().min(1),
  query: z.string().trim().min(1),
  /** Tenant slug: the query is asked in that tenant's view (global plus its private documents). */
  tenant: z.string().min(1).optional(),
  relevant: z.array(z.string().min(1)).min(1),
  tags: z.array(z.string()).default([]),
});
export type RetrievalCase = z.infer<typeof retrievalCaseSchema>;

export const retrievalSuiteSchema = z.object({
  name: z.string().min(1),
  kind: z.literal('retrieval'),
  description: z.string().optional(),
  cases: z.array(retrievalCaseSchema).min(1),
});
export type RetrievalSuite = z.infer<typeof retrievalSuiteSchema>;

export async function loadRetrievalSuite(path: string = DEFAULT_RETRIEVAL_SUITE): Promise<RetrievalSuite> {
  let data: unknown;
  try {
    data = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`cannot read retrieval suite ${path}: ${(error as Error).message}`);
  }
  const suite = parseOrThrow(retrievalSuiteSchema, data, `retrieval suite ${path}`);
  const duplicate = suite.cases.find((entry, index) => suite.cases.findIndex((other) => other.id === entry.id) !== index);
  if (duplicate) throw new ValidationError(`retrieval suite ${path}: case id ${duplicate.id} appears twice`);
  return suite;
}
