import { describe, expect, it } from 'vitest';
import { leadSentences } from './result-reading.ts';

describe('leadSentences', () => {
  it('quotes runbook steps with their identifiers intact, emphasis and headings dropped', () => {
    const excerpt = [
      '---',
      'id: rb-example',
      '---',
      '## Steps',
      '',
      '1. **Check** the `order_timeline` for manual retries; if under 3, run `release_order_hold` with reason HOLD_CLEARED.',
      '2. Do _not_ touch invoice_lines directly.',
    ].join('\n');
    expect(leadSentences(excerpt)).toBe(
      '1. Check the order_timeline for manual retries; if under 3, run release_order_hold with reason HOLD_CLEARED. 2. Do not touch invoice_lines directly.',
    );
  });
});
