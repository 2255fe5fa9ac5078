import { describe, expect, it } from 'vitest';
import { expandWithSynonyms } from './expand-query.ts';

describe('expandWithSynonyms', () => {
  it('adds the quoted phrases of concepts found in the query', () => {
    const expanded = expandWithSynonyms('we oversold the blue mug');
    expect(expanded.startsWith('we oversold the blue mug "')).toBe(true);
    expect(expanded).toContain('"stock conflict"');
    expect(expanded).toContain('"out of stock"');
  });

  it('leaves queries without a known concept alone', () => {
    expect(expandWithSynonyms('blue mug')).toBe('blue mug');
  });
});
