/**
 * Full-text query expansion with the ops synonym map (the thesaurus the local embedder uses): each
 * concept found in the query contributes its phrases, quoted, as alternatives. The result is still
 * parsed by websearch_to_tsquery.
 */
import { findConcepts, OPS_SYNONYMS } from '../embeddings/ops-synonyms.ts';
import { stem, tokenize } from '../embeddings/text-features.ts';

export function expandWithSynonyms(query: string): string {
  const concepts = new Set(findConcepts(tokenize(query).map(stem)));
  if (concepts.size === 0) return query;
  const phrases = [...concepts].flatMap((concept) => OPS_SYNONYMS[concept] ?? []);
  return `${query} ${phrases.map((phrase) => `"${phrase.replace(/"/g, '')}"`).join(' ')}`;
}
