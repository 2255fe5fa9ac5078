import { describe, expect, it } from 'vitest';
import { hashedFeatureVector } from './hashed-feature-vector.ts';
import { DEFAULT_FEATURE_WEIGHTS, extractFeatures, hashFeatures, type FeatureWeights } from './hashed-features.ts';
import { stem } from './text-features.ts';

// Every stored vector depends on the lexical part, so the fast form must agree with the string form
// bit for bit, not approximately.
const sameBits = (actual: number[], expected: number[]): boolean =>
  actual.length === expected.length && actual.every((value, index) => Object.is(value, expected[index]));

const TEXTS = [
  'Release the credit hold once the approver signs off; re-check the order total.',
  'Carrier pickup missed at dock 4 — reschedule with the 3PL and notify the customer.',
  'PN-4471-B x2 ± 0.5 mm, SKU a1b2c3; cycle count variance on bin A-07-03.',
  "O'Brien's re-order can't ship: the ERP sync retried 3 times (HTTP 503).",
  'naïve café “quotes” 🙂 and the of to',
  'short pick short pick short pick: the same words, bigrams and grams again and again',
  'a',
  '',
  'x'.repeat(300),
];

/** Deterministic texts of repeated and rare words, long enough to grow the tally past its first size. */
function generatedTexts(count: number): string[] {
  const words =
    'pick pack ship carrier label manifest wave slot replenish cycle count variance reorder receipt putaway dock refund chargeback invoice hold supervisor backorder'.split(
      ' ',
    );
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, (_, index) =>
    Array.from({ length: 5 + Math.floor(next() * (index % 5 === 0 ? 2000 : 120)) }, () =>
      next() < 0.1 ? `w${Math.floor(next() * 1e6).toString(36)}` : words[Math.floor(next() * words.length)],
    ).join(next() < 0.5 ? ' ' : ', '),
  );
}

describe('hashedFeatureVector', () => {
  it('gives the string form’s vector bit for bit', () => {
    for (const dimension of [156, 384, 7]) {
      for (const text of [...TEXTS, ...generatedTexts(60)]) {
        expect(
          sameBits(hashedFeatureVector(text, DEFAULT_FEATURE_WEIGHTS, dimension), hashFeatures(extractFeatures(text), dimension)),
        ).toBe(true);
      }
    }
    // Not a vacuous comparison: the texts have directions.
    expect(hashedFeatureVector(TEXTS[0]!, DEFAULT_FEATURE_WEIGHTS, 156).some((value) => value !== 0)).toBe(true);
  });

  it('follows other feature weights as the string form does', () => {
    const weights: FeatureWeights = { word: 2, bigram: 0, charGram: 1.5, concept: 0.25 };
    for (const text of TEXTS)
      expect(sameBits(hashedFeatureVector(text, weights, 156), hashFeatures(extractFeatures(text, weights), 156))).toBe(true);
  });

  it('keeps texts apart: one text’s features do not leak into the next', () => {
    const alone = hashedFeatureVector(TEXTS[1]!, DEFAULT_FEATURE_WEIGHTS, 156);
    hashedFeatureVector(generatedTexts(1)[0]!, DEFAULT_FEATURE_WEIGHTS, 156);
    expect(sameBits(hashedFeatureVector(TEXTS[1]!, DEFAULT_FEATURE_WEIGHTS, 156), alone)).toBe(true);
  });
});

describe('stem', () => {
  it('gives the same stem when asked again (remembered stems)', () => {
    for (const word of ['reallocating', 'reallocated', 'reallocation', 'shipped', 'holds', 'pass']) expect(stem(word)).toBe(stem(word));
    expect(stem('reallocating')).toBe('realloc');
    expect(stem('shipped')).toBe('ship');
  });
});
