import { describe, expect, it } from 'vitest';
import { findConcepts } from './ops-synonyms.ts';
import { DEFAULT_FEATURE_WEIGHTS, extractFeatures, fnv1a, hashFeatures } from './hashed-features.ts';
import { isStopWord, stem, tokenize } from './text-features.ts';

// The straightforward forms the faster code replaced (session 11): every stored vector depends on
// them, so the two must agree bit for bit, not approximately.
function referenceFeatures(text: string): Map<string, number> {
  const features = new Map<string, number>();
  const add = (feature: string, weight: number): void => {
    features.set(feature, (features.get(feature) ?? 0) + weight);
  };
  const tokens = tokenize(text);
  const allStems = tokens.map(stem);
  for (const concept of findConcepts(allStems)) add(`c:${concept}`, DEFAULT_FEATURE_WEIGHTS.concept);
  let previous: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isStopWord(token)) continue;
    const wordStem = allStems[i]!;
    add(`w:${wordStem}`, DEFAULT_FEATURE_WEIGHTS.word);
    if (previous !== undefined) add(`b:${previous}_${wordStem}`, DEFAULT_FEATURE_WEIGHTS.bigram);
    previous = wordStem;
    const padded = `<${token}>`;
    const grams: string[] = [];
    for (const size of [3, 4, 5]) for (let start = 0; start + size <= padded.length; start++) grams.push(padded.slice(start, start + size));
    const gramWeight = grams.length ? DEFAULT_FEATURE_WEIGHTS.charGram / Math.sqrt(grams.length) : 0;
    for (const gram of grams) add(`g:${gram}`, gramWeight);
  }
  return features;
}

function referenceHash(features: Map<string, number>, dimension: number): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (const [feature, weight] of features) {
    const sign = fnv1a(`±${feature}`) & 1 ? 1 : -1;
    vector[fnv1a(feature) % dimension]! += sign * (weight > 1 ? 1 + Math.log(weight) : weight);
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

const TEXTS = [
  'Release the credit hold once the approver signs off; re-check the order total.',
  'Carrier pickup missed at dock 4 — reschedule with the 3PL and notify the customer.',
  'PN-4471-B x2 ± 0.5 mm, SKU a1b2c3; cycle count variance on bin A-07-03.',
  "O'Brien's re-order can't ship: the ERP sync retried 3 times (HTTP 503).",
  'naïve café “quotes” 🙂 and the of to',
  'a',
  '',
  'x'.repeat(300),
];

describe('hashed features', () => {
  it('gives bit-identical features and vectors to the straightforward form', () => {
    for (const text of TEXTS) {
      const features = extractFeatures(text);
      const reference = referenceFeatures(text);
      expect([...features.keys()]).toEqual([...reference.keys()]);
      for (const [feature, weight] of reference) expect(Object.is(features.get(feature), weight)).toBe(true);
      const vector = hashFeatures(features, 156);
      const expected = referenceHash(reference, 156);
      expect(vector.every((value, index) => Object.is(value, expected[index]))).toBe(true);
    }
    // Not a vacuous comparison: the texts have features and directions.
    expect(hashFeatures(extractFeatures(TEXTS[0]!), 156).some((value) => value !== 0)).toBe(true);
  });
});
