/**
 * The hashed lexical vector of a text — `hashFeatures(extractFeatures(text, weights), dimension)` —
 * without building a string per feature. A bulk ingest embeds every chunk, and building, hashing and
 * counting a few hundred feature strings per chunk (`g:<gram>` for every character 3-, 4- and 5-gram
 * of every word) was about half of the offline embedder's CPU (docs/benchmarks.md, session 12).
 *
 * Here each feature is hashed from its parts as they are read (FNV-1a continues over a prefix), and
 * features are counted by their two hashes (the bucket hash and the sign hash)
 * instead of by their text. Features are met, weighted and summed in the same order as the string
 * form, so the vector is the same bit for bit; only two different features of one text whose two
 * 32-bit hashes both agree would be counted as one (about one chance in 10^13 per text of a thousand
 * features). hashed-feature-vector.test.ts compares the two forms.
 */
import { type FeatureWeights, fnvContinue, FNV_OFFSET, SIGN_PREFIX_STATE } from './hashed-features.ts';
import { findConcepts } from './ops-synonyms.ts';
import { isStopWord, stem, tokenize } from './text-features.ts';

const CHAR_GRAM_SIZES = [3, 4, 5] as const;

/** A feature kind's prefix (`w:`, `g:`…) hashed once, for the bucket hash and the sign hash. */
function prefixStates(prefix: string): { bucket: number; sign: number } {
  return { bucket: fnvContinue(FNV_OFFSET, prefix), sign: fnvContinue(SIGN_PREFIX_STATE, prefix) };
}

const CONCEPT = prefixStates('c:');
const WORD = prefixStates('w:');
const BIGRAM = prefixStates('b:');
const GRAM = prefixStates('g:');
const UNDERSCORE = '_'.charCodeAt(0);
const GRAM_START = '<'.charCodeAt(0);
const GRAM_END = '>'.charCodeAt(0);
const FNV_PRIME = 0x01000193;

/**
 * Features in first-seen order with their summed weights and both hashes, found again by the pair of
 * hashes in an open-addressing table (number keys above 2^31 would be boxed in a Map, and slow).
 */
class FeatureTally {
  private table = new Int32Array(4096).fill(-1);
  count = 0;
  weights = new Float64Array(2048);
  bucketHashes = new Uint32Array(2048);
  signHashes = new Int32Array(2048);

  /** Empty again (one tally serves every text: a chunk has a thousand or so features). */
  reset(): void {
    this.table.fill(-1);
    this.count = 0;
  }

  add(bucketHash: number, signHash: number, weight: number): void {
    const bucket = bucketHash >>> 0;
    let mask = this.table.length - 1;
    let position = (bucket ^ Math.imul(signHash, 0x9e3779b1)) & mask;
    for (;;) {
      const slot = this.table[position]!;
      if (slot === -1) break;
      if (this.bucketHashes[slot] === bucket && this.signHashes[slot] === signHash) {
        this.weights[slot]! += weight;
        return;
      }
      position = (position + 1) & mask;
    }
    if (this.count === this.weights.length) {
      this.grow();
      mask = this.table.length - 1;
      position = (bucket ^ Math.imul(signHash, 0x9e3779b1)) & mask;
      while (this.table[position] !== -1) position = (position + 1) & mask;
    }
    const slot = this.count++;
    this.table[position] = slot;
    // 0 + weight, as the string form's first `(get ?? 0) + weight`.
    this.weights[slot] = 0 + weight;
    this.bucketHashes[slot] = bucket;
    this.signHashes[slot] = signHash;
  }

  addText(states: { bucket: number; sign: number }, text: string, weight: number): void {
    this.add(fnvContinue(states.bucket, text), fnvContinue(states.sign, text), weight);
  }

  private grow(): void {
    const size = this.weights.length * 2;
    const weights = new Float64Array(size);
    weights.set(this.weights);
    const bucketHashes = new Uint32Array(size);
    bucketHashes.set(this.bucketHashes);
    const signHashes = new Int32Array(size);
    signHashes.set(this.signHashes);
    this.weights = weights;
    this.bucketHashes = bucketHashes;
    this.signHashes = signHashes;
    this.table = new Int32Array(size * 2).fill(-1);
    const mask = this.table.length - 1;
    for (let slot = 0; slot < this.count; slot++) {
      let position = (bucketHashes[slot]! ^ Math.imul(signHashes[slot]!, 0x9e3779b1)) & mask;
      while (this.table[position] !== -1) position = (position + 1) & mask;
      this.table[position] = slot;
    }
  }
}

const tally = new FeatureTally();

/** The same vector as `hashFeatures(extractFeatures(text, weights), dimension)`. */
export function hashedFeatureVector(text: string, weights: FeatureWeights, dimension: number): number[] {
  tally.reset();
  const tokens = tokenize(text);
  const allStems = tokens.map(stem);
  for (const concept of findConcepts(allStems)) tally.addText(CONCEPT, concept, weights.concept);

  let previous: string | undefined;
  const codes: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isStopWord(token)) continue;
    const wordStem = allStems[i]!;
    tally.addText(WORD, wordStem, weights.word);
    if (previous !== undefined) {
      const bucket = fnvContinue(Math.imul(fnvContinue(BIGRAM.bucket, previous) ^ UNDERSCORE, FNV_PRIME), wordStem);
      const sign = fnvContinue(Math.imul(fnvContinue(BIGRAM.sign, previous) ^ UNDERSCORE, FNV_PRIME), wordStem);
      tally.add(bucket, sign, weights.bigram);
    }
    previous = wordStem;
    // `<token>`'s character n-grams, as extractFeatures adds them (sizes, then positions).
    codes.length = 0;
    codes.push(GRAM_START);
    for (let c = 0; c < token.length; c++) codes.push(token.charCodeAt(c));
    codes.push(GRAM_END);
    let gramCount = 0;
    for (const size of CHAR_GRAM_SIZES) gramCount += Math.max(0, codes.length - size + 1);
    const gramWeight = gramCount ? weights.charGram / Math.sqrt(gramCount) : 0;
    for (const size of CHAR_GRAM_SIZES) {
      for (let start = 0; start + size <= codes.length; start++) {
        let bucket = GRAM.bucket;
        let sign = GRAM.sign;
        for (let c = start; c < start + size; c++) {
          bucket = Math.imul(bucket ^ codes[c]!, FNV_PRIME);
          sign = Math.imul(sign ^ codes[c]!, FNV_PRIME);
        }
        tally.add(bucket, sign, gramWeight);
      }
    }
  }

  // hashFeatures' accumulation, in the same order.
  const vector = new Array<number>(dimension).fill(0);
  for (let slot = 0; slot < tally.count; slot++) {
    const weight = tally.weights[slot]!;
    const damped = weight > 1 ? 1 + Math.log(weight) : weight;
    vector[tally.bucketHashes[slot]! % dimension]! += (tally.signHashes[slot]! & 1 ? 1 : -1) * damped;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  return vector.map((value) => value / norm);
}
