import { describe, expect, it } from 'vitest';
import { answerChunks } from './answer-chunks.ts';

describe('answerChunks', () => {
  it('splits after sentence ends and line breaks, keeping the whitespace, and joins back to the text', () => {
    const text =
      'Order H-1001 is on hold [tool:get_order:H-1001]. Refund 12.50 proposed!\nHand-off to a human: why? See [sop-holds#1.2]. Last one';
    const chunks = answerChunks(text);
    expect(chunks).toEqual([
      'Order H-1001 is on hold [tool:get_order:H-1001]. ',
      'Refund 12.50 proposed!\n',
      'Hand-off to a human: why? ',
      'See [sop-holds#1.2]. ',
      'Last one',
    ]);
    expect(chunks.join('')).toBe(text);
  });

  it('never splits inside a word, a number or a citation (a full stop splits only before whitespace)', () => {
    const text = 'Total 1,204.75 at v2.3 (see runbook-a#4.1.2) and e.g. H.100.';
    expect(answerChunks(text).join('')).toBe(text);
    expect(answerChunks(text)).toEqual(['Total 1,204.75 at v2.3 (see runbook-a#4.1.2) and e.g. ', 'H.100.']);
  });

  it('gives nothing for an empty answer and one chunk for text without a sentence end', () => {
    expect(answerChunks('')).toEqual([]);
    expect(answerChunks('   ')).toEqual(['   ']);
    expect(answerChunks('no full stop here')).toEqual(['no full stop here']);
  });
});
