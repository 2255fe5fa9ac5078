/**
 * Text-query expansion, always weighted below the query's own words (hybrid-search-sql.ts), so it can
 * only add matches, never outrank them:
 * - the ops synonym map (the thesaurus the hashed features use): the phrases of each concept found in
 *   the query;
 * - word-vector neighbours of the query's content words ("smashed" → "cracked", "vat" → "tax"),
 *   weighted by their similarity; the statement keeps only those that occur in the index, so a
 *   corpus's own vocabulary decides which neighbours count.
 */
import { findConcepts, OPS_SYNONYMS } from '../embeddings/ops-synonyms.ts';
import { isStopWord, stem, tokenize } from '../embeddings/text-features.ts';
import { type WordVectors, wordsOf } from '../embeddings/word-vectors/word-vectors.ts';
import type { ExpansionTerm } from './hybrid-search-sql.ts';

/** The synonym phrases for the query's concepts, as one text ('' when the query names none). */
export function synonymExpansion(query: string): string {
  const concepts = new Set(findConcepts(tokenize(query).map(stem)));
  return [...concepts].flatMap((concept) => OPS_SYNONYMS[concept] ?? []).join(' ; ');
}

export interface NeighbourExpansionOptions {
  /** Neighbours per query word. */
  perWord: number;
  /** Least cosine similarity of a neighbour. */
  minSimilarity: number;
  /** A neighbour's weight is this times its similarity (relative to a query word of the same IDF). */
  weight: number;
  /** Candidates: this many most frequent words of the word vectors. */
  searchWords: number;
}

/**
 * Word-vector neighbours of the query's content words, as weighted expansion terms: `candidates`
 * (word ranks, e.g. the corpus vocabulary) restricts where they may come from. Inflections of the
 * word itself ("depots" for "depot") are skipped: the index stems them to the user's own term.
 */
export function neighbourExpansion(
  vectors: WordVectors,
  query: string,
  options: NeighbourExpansionOptions,
  candidates?: Int32Array,
): ExpansionTerm[] {
  const words = [...new Set(wordsOf(query).filter((word) => !isStopWord(word) && !/^\d+$/.test(word)))];
  const found = vectors.neighbours(words, {
    // A few more than wanted, for the inflections dropped below.
    limit: options.perWord + 3,
    minSimilarity: options.minSimilarity,
    searchWords: options.searchWords,
    ...(candidates ? { candidates } : {}),
  });
  const terms: ExpansionTerm[] = [];
  for (const [word, neighbours] of found) {
    const own = stem(word);
    const kept = neighbours
      .filter((neighbour) => stem(neighbour.word) !== own && !neighbour.word.startsWith(word))
      .slice(0, options.perWord);
    for (const neighbour of kept) terms.push({ text: neighbour.word, weight: options.weight * neighbour.similarity });
  }
  return terms;
}
