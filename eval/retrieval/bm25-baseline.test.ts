import { describe, expect, it } from 'vitest';
import { Bm25Baseline } from './bm25-baseline.ts';

describe('Bm25Baseline', () => {
  const baseline = new Bm25Baseline([
    { label: 'refunds.md', text: 'Refund the payment. Refunds go back to the card.' },
    { label: 'shipping.md', text: 'Ship the parcel with the carrier; the carrier scans the parcel.' },
    { label: 'long.md', text: `refund ${'filler '.repeat(200)}` },
  ]);

  it('ranks by term frequency, rarity and length', () => {
    expect(baseline.rank('refund card')).toEqual(['refunds.md', 'long.md']);
    // No stop words: "the" counts, and shipping.md says it most.
    expect(baseline.rank('the')[0]).toBe('shipping.md');
    expect(baseline.rank('parcel carrier')).toEqual(['shipping.md']);
  });

  it('returns nothing for words no document has, or for no words', () => {
    expect(baseline.rank('zebra')).toEqual([]);
    expect(baseline.rank('?!')).toEqual([]);
  });

  it('computes the textbook score (Lucene IDF, k1 1.2, b 0.75)', () => {
    const single = new Bm25Baseline([
      { label: 'a', text: 'x y' },
      { label: 'b', text: 'y z' },
    ]);
    // "x": df 1 of 2 → idf ln(1 + 1.5/1.5) = ln 2 > 0; "y" is in both: idf ln(1 + 0.5/2.5) > 0, a tie by label.
    expect(single.rank('x')).toEqual(['a']);
    expect(single.rank('y')).toEqual(['a', 'b']);
  });
});
