/**
 * Which retrieved passages answer a how-to question: when several searches brought documents of
 * different kinds (a runbook for the topic's exception type, SOPs and policies on the same topic), the
 * ones whose title and heading are closest in meaning to the question ("who may sign off a refund?" →
 * the refund approval matrix; "does returned stock go back on the shelf?" → returns disposition and
 * grading), one passage per document, the merchant's own documents first (they take precedence).
 */
import { cosine, type WordVectors } from '../../../retrieval/index.ts';
import { meaningText } from './intent-meaning.ts';
import type { Passage } from './result-reading.ts';

export interface QuestionMeaning {
  vectors: WordVectors;
  text: string;
}

const documentOf = (passage: Passage): string => passage.documentId ?? passage.ref.split('#')[0]!;

/**
 * Passages best first: the search's own best passage stays first (a topic's runbook, a tenant's document),
 * then the rest by meaning of title and heading, search order breaking ties, one per document first.
 */
export function closestInMeaning(passages: readonly Passage[], limit: number, question: QuestionMeaning): Passage[] {
  const query = question.vectors.sentenceVector(meaningText(question.text));
  if (!query.some((value) => value !== 0) || passages.length <= 1) return passages.slice(0, limit);
  const scored = passages.map((passage, index) => {
    const label = [passage.title, ...(passage.headingPath ?? [])].filter(Boolean).join(' ');
    // A small prior for search rank: two equally close titles keep the search's order.
    const score = cosine(query, question.vectors.sentenceVector(label)) - index * 0.002;
    return { passage, score, tenant: passage.visibility === 'tenant' };
  });
  const [first, ...rest] = scored;
  rest.sort((a, b) => Number(b.tenant) - Number(a.tenant) || b.score - a.score);
  scored.splice(0, scored.length, first!, ...rest);
  const chosen: Passage[] = [];
  for (const { passage } of scored) {
    if (chosen.length < limit && !chosen.some((known) => documentOf(known) === documentOf(passage))) chosen.push(passage);
  }
  for (const { passage } of scored) if (chosen.length < limit && !chosen.includes(passage)) chosen.push(passage);
  return chosen;
}
