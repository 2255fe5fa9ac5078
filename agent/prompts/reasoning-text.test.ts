import { describe, expect, it } from 'vitest';
import { ReasoningFilter, stripReasoning } from './reasoning-text.ts';

describe('reasoning text never reaches a person', () => {
  it('strips think, thinking and reasoning blocks, closed or cut off', () => {
    expect(stripReasoning('<think>refund more?</think>Refund the 30 excess.')).toBe('Refund the 30 excess.');
    expect(stripReasoning('A.<THINKING>x</THINKING> B.')).toBe('A. B.');
    expect(stripReasoning('Answer.<reasoning>never closed')).toBe('Answer.');
    expect(stripReasoning('<think>only thoughts</think>')).toBe('');
  });

  it('filters a stream whose tags are split across pieces', () => {
    const filter = new ReasoningFilter();
    const pieces = ['Order ', '<thi', 'nk>secret plan', ' continues</th', 'ink>SO-1 is ', 'on hold. a<b'];
    const shown = pieces.map((piece) => filter.push(piece)).join('') + filter.flush();
    expect(shown).toBe('Order SO-1 is on hold. a<b');
  });
});
