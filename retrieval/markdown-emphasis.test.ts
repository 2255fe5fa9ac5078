import { describe, expect, it } from 'vitest';
import { inlineMarkdownToText, UNDERSCORE_EMPHASIS } from './markdown-emphasis.ts';

describe('inline Markdown as text', () => {
  it('keeps identifiers with underscores whole, inside or outside code spans', () => {
    expect(inlineMarkdownToText('Call release_order_hold, then `apply_credit_hold`; log ERP_TIMEOUT_MS to sync_log.csv.')).toBe(
      'Call release_order_hold, then apply_credit_hold; log ERP_TIMEOUT_MS to sync_log.csv.',
    );
    expect(inlineMarkdownToText('Set max_retries_per_hour and __init__-style names stay readable: a_b_c.')).toBe(
      'Set max_retries_per_hour and init-style names stay readable: a_b_c.',
    );
  });

  it('drops emphasis markers at word edges, underscores and asterisks alike', () => {
    expect(inlineMarkdownToText('This is _urgent_, **really** urgent, *now*, and __final__.')).toBe(
      'This is urgent, really urgent, now, and final.',
    );
    expect(inlineMarkdownToText('_Use set_return_disposition first_ then wait.')).toBe('Use set_return_disposition first then wait.');
    expect(inlineMarkdownToText('* a bullet marker goes; 2 * 3 stays')).toBe('a bullet marker goes; 2 * 3 stays');
  });

  it('the emphasis pattern for renderers does not match inside a word', () => {
    const pattern = new RegExp(UNDERSCORE_EMPHASIS, 'u');
    expect(pattern.test('place_order_hold')).toBe(false);
    expect(pattern.exec('a _word_ here')?.[0]).toBe('_word_');
  });
});
