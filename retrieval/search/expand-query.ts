/**
 * Text-query expansion with the ops synonym map (the thesaurus the hashed features use): the phrases
 * of each concept found in the query, as extra terms. They are searched at a lower weight than the
 * query's own words (hybrid-search-sql.ts), so expansion can only add matches, never outrank them.
 */
import { findConcepts, OPS_SYNONYMS } from '../embeddings/ops-synonyms.ts';
import { stem, tokenize } from '../embeddings/text-features.ts';

/** The synonym phrases for the query's concepts, as one text ('' when the query names none). */
export function synonymExpansion(query: string): string {
  const concepts = new Set(findConcepts(tokenize(query).map(stem)));
  return [...concepts].flatMap((concept) => OPS_SYNONYMS[concept] ?? []).join(' ; ');
}
