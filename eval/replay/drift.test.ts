import { describe, expect, it } from 'vitest';
import { call, observation, proposal } from '../scoring/testing/observations.ts';
import { canonical, computeDrift, hasDrift, normalize, sequenceDiff } from './drift.ts';

describe('drift', () => {
  it('normalises run-specific ids and times, and compares arguments with keys sorted', () => {
    expect(normalize('exception 5d2f5020-6f17-4138-a75a-8235067b6808 at 2030-01-02T03:04:05.678Z')).toBe('exception <id> at <time>');
    expect(canonical({ b: 1, a: { d: 2, c: 3 } })).toBe(canonical({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('diffs sequences line by line', () => {
    expect(sequenceDiff(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual(['- b', '+ d']);
    expect(sequenceDiff(['x'], ['x'])).toEqual([]);
  });

  it('finds no drift between equivalent runs whose ids differ', () => {
    const reference = observation({
      toolCalls: [call('get_exception', { exception: '5d2f5020-6f17-4138-a75a-8235067b6808' })],
      citations: [{ ref: 'tool:get_exception:5d2f5020-6f17-4138-a75a-8235067b6808' }],
    });
    const replayed = observation({
      toolCalls: [call('get_exception', { exception: '0a1b2c3d-0000-4000-8000-000000000000' })],
      citations: [{ ref: 'tool:get_exception:0a1b2c3d-0000-4000-8000-000000000000' }],
    });
    expect(hasDrift(computeDrift(reference, replayed))).toBe(false);
  });

  it('reports a changed decision, a lost proposal, a new citation and another outcome', () => {
    const reference = observation({
      outcome: { kind: 'executed' },
      toolCalls: [call('issue_refund', { amount: 30 }, { status: 'executed', decision: 'allow', rule: 'refund-small-auto' })],
      proposals: [proposal('issue_refund', { amount: 30 }, { decision: 'allow', status: 'executed' })],
    });
    const replayed = observation({
      outcome: { kind: 'awaiting_approval' },
      toolCalls: [
        call('issue_refund', { amount: 30 }, { status: 'pending_approval', decision: 'require_approval', rule: 'refund-approver' }),
      ],
      citations: [{ ref: 'pol-refund-approval-matrix#the-matrix' }],
    });
    const drift = computeDrift(reference, replayed);
    expect(drift.trajectory).toEqual([]);
    expect(drift.decisions).toEqual([
      '- issue_refund → allow [executed] rule refund-small-auto',
      '+ issue_refund → require_approval [pending_approval] rule refund-approver',
    ]);
    expect(drift.proposals).toEqual(['- issue_refund {"amount":30} → allow (executed, approver)']);
    expect(drift.citations).toEqual(['+ pol-refund-approval-matrix#the-matrix']);
    expect(drift.outcome).toEqual(['- executed', '+ awaiting_approval']);
  });
});
