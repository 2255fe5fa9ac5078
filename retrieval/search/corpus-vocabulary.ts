/**
 * The index's vocabulary in word-vector terms: the ranks of the frequent word-vector words whose stem
 * occurs in the index's global term statistics. Neighbour expansion searches only these, so a
 * neighbour is always a word the corpus uses ("depot" → "warehouse", never "munitions"), and the search
 * costs a few thousand dot products instead of tens of thousands. Computed once per index version
 * (PostgreSQL stems the candidate words, as it stems the documents) and kept for the process.
 */
import type { Queryable } from '../../core/db/database.ts';
import type { WordVectors } from '../embeddings/word-vectors/word-vectors.ts';

const cache = new Map<string, Promise<Int32Array>>();
/** Index versions remembered (one process may search a few databases: tests, evaluations). */
const CACHED_VERSIONS = 4;

export function corpusVocabulary(tx: Queryable, vectors: WordVectors, searchWords: number, version: string): Promise<Int32Array> {
  const key = `${version}|${searchWords}`;
  let found = cache.get(key);
  if (!found) {
    found = readVocabulary(tx, vectors, searchWords);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
    while (cache.size > CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
  }
  return found;
}

async function readVocabulary(tx: Queryable, vectors: WordVectors, searchWords: number): Promise<Int32Array> {
  const count = Math.min(vectors.size, searchWords);
  const words = Array.from({ length: count }, (_, rank) => vectors.wordAt(rank));
  const result = await tx.query<{ ranks: number[] | null }>(
    `SELECT array_agg(w.position - 1 ORDER BY w.position) AS ranks
     FROM unnest($1::text[]) WITH ORDINALITY AS w (word, position)
     WHERE EXISTS (SELECT 1 FROM unnest(to_tsvector('english'::regconfig, w.word)) AS l
                   JOIN knowledge_term_stats s ON s.lexeme = l.lexeme)`,
    [words],
  );
  return Int32Array.from(result.rows[0]?.ranks ?? []);
}
