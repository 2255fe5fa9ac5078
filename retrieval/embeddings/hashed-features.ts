/**
 * Feature extraction for the local embedder: stemmed words, adjacent word pairs, character n-grams of
 * each word, and ops-synonym concepts, each with a weight. Hashing these into a fixed number of signed
 * buckets gives a dense vector whose cosine similarity approximates weighted feature overlap.
 */
import { findConcepts } from './ops-synonyms.ts';
import { isStopWord, stem, tokenize } from './text-features.ts';

export interface FeatureWeights {
  word: number;
  bigram: number;
  charGram: number;
  concept: number;
}

export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = { word: 1, bigram: 0.6, charGram: 0.35, concept: 1 };

const CHAR_GRAM_SIZES = [3, 4, 5] as const;

/** Weighted features of a text; repeated features accumulate (term frequency is damped later). */
export function extractFeatures(text: string, weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS): Map<string, number> {
  const features = new Map<string, number>();
  const add = (feature: string, weight: number): void => {
    features.set(feature, (features.get(feature) ?? 0) + weight);
  };

  const tokens = tokenize(text);
  const allStems = tokens.map(stem);
  for (const concept of findConcepts(allStems)) add(`c:${concept}`, weights.concept);

  let previous: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isStopWord(token)) continue;
    const wordStem = allStems[i]!;
    add(`w:${wordStem}`, weights.word);
    if (previous !== undefined) add(`b:${previous}_${wordStem}`, weights.bigram);
    previous = wordStem;
    // Character n-grams of the surface word catch morphology the stemmer misses and part-numbers.
    const padded = `<${token}>`;
    let gramCount = 0;
    for (const size of CHAR_GRAM_SIZES) gramCount += Math.max(0, padded.length - size + 1);
    // Spread a fixed weight over the word's grams so long words do not outweigh short ones.
    const gramWeight = gramCount ? weights.charGram / Math.sqrt(gramCount) : 0;
    // Added in the same order as before (sizes, then positions): the sums, and so the vectors, are bit-identical.
    for (const size of CHAR_GRAM_SIZES) {
      for (let start = 0; start + size <= padded.length; start++) add(`g:${padded.slice(start, start + size)}`, gramWeight);
    }
  }
  return features;
}

export const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a's state after `value`, continued from `hash`. */
export function fnvContinue(hash: number, value: string): number {
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** 32-bit FNV-1a: fast, deterministic across platforms, good enough spread for feature hashing. */
export function fnv1a(value: string): number {
  return fnvContinue(FNV_OFFSET, value) >>> 0;
}

/** FNV-1a's state after the sign hash's prefix '±': fnv1a(`±${feature}`) without building that string per feature. */
export const SIGN_PREFIX_STATE = fnvContinue(FNV_OFFSET, '±');

/**
 * Hashes features into `dimension` signed buckets (the sign from a second hash keeps collisions from
 * biasing dot products upward), damps repeated features (1 + ln tf), then L2-normalises.
 */
export function hashFeatures(features: Map<string, number>, dimension: number): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (const [feature, weight] of features) {
    const hash = fnv1a(feature);
    const bucket = hash % dimension;
    const sign = fnvContinue(SIGN_PREFIX_STATE, feature) & 1 ? 1 : -1;
    const damped = weight > 1 ? 1 + Math.log(weight) : weight;
    vector[bucket]! += sign * damped;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  return vector.map((value) => value / norm);
}
