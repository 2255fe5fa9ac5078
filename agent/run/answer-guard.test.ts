import { describe, expect, it } from 'vitest';
import { AnswerGuard, guardAnswer, isCitationRef } from './answer-guard.ts';
import { CitationIndex } from './citation-index.ts';

function index(): CitationIndex {
  const citations = new CitationIndex();
  citations.add('get_order', { order: '10482' }, { orderNumber: '10482', status: 'on_hold' });
  citations.add(
    'search_runbooks',
    { query: 'oversell' },
    { results: [{ ref: 'rb-oversell#decision-table', title: 'Oversell', text: 'Reallocate first.' }] },
  );
  return citations;
}

describe('answer guard', () => {
  it('keeps citations of this run and removes the rest', () => {
    const result = guardAnswer(
      'On hold [tool:get_order:10482]. Reallocate [rb-oversell#decision-table]. Refund all [rb-fake#x]. Also [tool:get_order:99999].',
      {
        citations: index(),
        executedTools: new Set(),
      },
    );
    expect(result.text).toBe('On hold [tool:get_order:10482]. Reallocate [rb-oversell#decision-table]. Refund all. Also.');
    expect(result.citations.map((citation) => citation.ref)).toEqual(['tool:get_order:10482', 'rb-oversell#decision-table']);
    expect(result.removedCitations).toEqual(['rb-fake#x', 'tool:get_order:99999']);
  });

  it('leaves ordinary brackets alone and recognises refs', () => {
    expect(guardAnswer('Step [1] then [see note].', { citations: index(), executedTools: new Set() }).text).toBe(
      'Step [1] then [see note].',
    );
    expect(isCitationRef('rb-oversell#decision-table')).toBe(true);
    expect(isCitationRef('tool:get_order:10482')).toBe(true);
    expect(isCitationRef('1')).toBe(false);
  });

  it('drops claims of execution unless that tool executed', () => {
    const pending = guardAnswer('I have refunded $40. The order is on hold.', { citations: index(), executedTools: new Set() });
    expect(pending.text).toBe('The order is on hold.');
    expect(pending.removedClaims).toEqual(['I have refunded $40.']);
    const done = guardAnswer('I have refunded $40.', { citations: index(), executedTools: new Set(['issue_refund']) });
    expect(done.text).toBe('I have refunded $40.');
    expect(
      guardAnswer('The refund has been issued.', { citations: index(), executedTools: new Set(['place_order_hold']) }).removedClaims,
    ).toHaveLength(1);
  });

  it('streams only whole checked sentences, holding an open citation until it closes', () => {
    const guard = new AnswerGuard({ citations: index(), executedTools: new Set() });
    expect(guard.push('The order is on hold [tool:get_')).toBe('');
    expect(guard.push('order:10482]. Next')).toBe('The order is on hold [tool:get_order:10482]. ');
    expect(guard.push(' sentence [rb-fake#y]')).toBe('');
    expect(guard.flush()).toBe('Next sentence');
  });
});
