import { describe, expect, it } from 'vitest';
import { corpusRarity, type SearchContext } from './search-context.ts';

const context = (chunkCount: number, words: Record<string, number>): SearchContext => ({
  info: { embedder: 'local', dimension: 4, builtAt: new Date(0) },
  vectorsAvailable: true,
  chunkCount,
  wordChunks: new Map(Object.entries(words)),
  version: '1',
});

describe('corpusRarity', () => {
  it('weighs words every chunk has below rare ones, and words the index lacks fully', () => {
    const rarity = corpusRarity(context(1000, { order: 900, allocate: 12, parcel: 0 }), 0.5);
    expect(rarity('order')).toBeLessThan(rarity('allocate'));
    expect(rarity('allocate')).toBeLessThan(1);
    expect(rarity('parcel')).toBe(1);
    expect(rarity('unknown')).toBe(1);
    expect(rarity('order')).toBeGreaterThan(0);
  });

  it('is a power of the normalised IDF (exponent 0: no change)', () => {
    const words = { order: 900, allocate: 12 };
    const linear = corpusRarity(context(1000, words), 1);
    const root = corpusRarity(context(1000, words), 0.5);
    expect(root('allocate')).toBeCloseTo(Math.sqrt(linear('allocate')), 10);
    expect(corpusRarity(context(1000, words), 0)('order')).toBe(1);
  });
});
