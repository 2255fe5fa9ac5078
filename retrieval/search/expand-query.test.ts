import { describe, expect, it } from 'vitest';
import { synonymExpansion } from './expand-query.ts';

describe('synonymExpansion', () => {
  it('lists the phrases of concepts found in the query', () => {
    const expansion = synonymExpansion('we oversold the blue mug');
    expect(expansion).toContain('stock conflict');
    expect(expansion).toContain('out of stock');
    expect(expansion).not.toContain('blue mug');
  });

  it('is empty for queries without a known concept', () => {
    expect(synonymExpansion('blue mug')).toBe('');
  });
});
