import { describe, expect, it } from 'vitest';
import { citationsExpectationSchema, decisionMatcherSchema, proposalsExpectationSchema } from '../suite/suite-schema.ts';
import { matchAnswer, matchBudgets } from './match-answer.ts';
import { citationPatternMatches, matchCitations } from './match-citations.ts';
import { matchDecisions, matchNotExecuted, matchProposals } from './match-proposals.ts';
import { call, observation, proposal } from './testing/observations.ts';

const proposals = (value: unknown) => proposalsExpectationSchema.parse(value);

describe('matchProposals', () => {
  const made = [
    proposal('place_order_hold', { order: '2001', reasonCode: 'PAY-MISMATCH' }, { decision: 'allow', status: 'executed' }),
    proposal(
      'issue_refund',
      { order: '2001', amount: 30 },
      { decision: 'require_approval', status: 'pending_approval', approverRole: 'approver' },
    ),
  ];

  it('exact (a plain list): the same proposals pass with full precision and recall', () => {
    const verdict = matchProposals(
      proposals([
        { tool: 'issue_refund', args: { amount: 30 }, decision: 'require_approval' },
        { tool: 'place_order_hold', decision: 'allow' },
      ]),
      made,
    );
    expect(verdict).toMatchObject({ passed: true, truePositives: 2, falsePositives: 0, falseNegatives: 0 });
  });

  it('exact: an unexpected extra proposal fails and costs precision', () => {
    const verdict = matchProposals(proposals([{ tool: 'place_order_hold' }]), made);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff).toEqual([expect.stringMatching(/^unexpected proposal: issue_refund/)]);
    expect(verdict).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0 });
  });

  it('includes: extras are allowed, a missing one still fails', () => {
    expect(matchProposals(proposals({ mode: 'includes', items: [{ tool: 'issue_refund' }] }), made)).toMatchObject({
      passed: true,
      falsePositives: 0,
    });
    const missing = matchProposals(proposals({ mode: 'includes', items: [{ tool: 'reallocate_order_line' }] }), made);
    expect(missing).toMatchObject({ passed: false, falseNegatives: 1 });
    expect(missing.diff[0]).toMatch(/missing proposal: reallocate_order_line — not proposed/);
  });

  it('a wrong decision, approver role or amount is a miss with the reason', () => {
    const wrongDecision = matchProposals(proposals([{ tool: 'issue_refund', decision: 'allow' }, { tool: 'place_order_hold' }]), made);
    expect(wrongDecision.passed).toBe(false);
    expect(wrongDecision.diff.join('\n')).toContain('decision: expected allow, got require_approval');
    const wrongRole = matchProposals(proposals([{ tool: 'issue_refund', approverRole: 'admin' }, { tool: 'place_order_hold' }]), made);
    expect(wrongRole.diff.join('\n')).toContain('approverRole: expected admin, got approver');
    const wrongAmount = matchProposals(proposals([{ tool: 'issue_refund', args: { amount: 130 } }, { tool: 'place_order_hold' }]), made);
    expect(wrongAmount.diff.join('\n')).toContain('args.amount: expected 130, got 30');
  });

  it('an empty list expects no proposal at all', () => {
    expect(matchProposals(proposals([]), []).passed).toBe(true);
    expect(matchProposals(proposals([]), made)).toMatchObject({ passed: false, falsePositives: 2 });
  });
});

describe('matchDecisions and matchNotExecuted', () => {
  const calls = [
    call('issue_refund', { order: '2001', amount: 5000 }, { status: 'denied', decision: 'deny', rule: 'refund-admin' }),
    call('place_order_hold', { order: '2001' }, { status: 'executed', decision: 'allow', rule: 'order-hold-place' }),
  ];
  it('finds the decision the gate took on a call', () => {
    expect(matchDecisions([decisionMatcherSchema.parse({ tool: 'issue_refund', decision: 'deny' })], calls).passed).toBe(true);
    const wrong = matchDecisions(
      [decisionMatcherSchema.parse({ tool: 'issue_refund', decision: 'require_approval', approverRole: 'admin' })],
      calls,
    );
    expect(wrong.passed).toBe(false);
    expect(wrong.diff[0]).toContain('decision: expected require_approval, got deny');
    expect(matchDecisions([decisionMatcherSchema.parse({ tool: 'release_credit_hold', decision: 'deny' })], calls).diff[0]).toContain(
      'was never called',
    );
  });
  it('flags a forbidden tool that executed, not one that was refused', () => {
    expect(matchNotExecuted(['issue_refund'], calls).passed).toBe(true);
    expect(matchNotExecuted(['place_order_hold'], calls).passed).toBe(false);
  });
});

describe('matchCitations', () => {
  const cited = [
    { ref: 'rb-payment-mismatch#over-capture' },
    { ref: 'sop-order-hold-management#payment-holds' },
    { ref: 'tool:get_order:2001' },
  ];
  const expectation = (value: unknown) => citationsExpectationSchema.parse(value);

  it('matches whole documents, sections, tool refs and wildcards', () => {
    expect(citationPatternMatches('rb-payment-mismatch', 'rb-payment-mismatch#over-capture')).toBe(true);
    expect(citationPatternMatches('rb-payment', 'rb-payment-mismatch#over-capture')).toBe(false);
    expect(citationPatternMatches('rb-payment-mismatch#over-capture', 'rb-payment-mismatch#under-capture')).toBe(false);
    expect(citationPatternMatches('tool:get_order:*', 'tool:get_order:2001')).toBe(true);
    expect(citationPatternMatches('sop-*', 'sop-order-hold-management#payment-holds')).toBe(true);
  });

  it('scores precision over document citations and recall over must', () => {
    const verdict = matchCitations(expectation({ must: ['rb-payment-mismatch', 'tool:get_order:2001'] }), cited);
    expect(verdict).toMatchObject({ passed: true, precise: 1, imprecise: 1, mustFound: 2, mustTotal: 2 });
    expect(matchCitations(expectation({ must: ['rb-payment-mismatch'], may: ['sop-order-hold-management'] }), cited)).toMatchObject({
      precise: 2,
      imprecise: 0,
    });
  });

  it('fails on a missing required citation and on a forbidden one', () => {
    const missing = matchCitations(expectation({ must: ['pol-refund-approval-matrix'] }), cited);
    expect(missing).toMatchObject({ passed: false, mustFound: 0, mustTotal: 1 });
    const forbidden = matchCitations(expectation({ mustNot: ['sop-order-hold-management'] }), cited);
    expect(forbidden.passed).toBe(false);
    expect(forbidden.diff[0]).toContain('forbidden citation: sop-order-hold-management#payment-holds');
  });
});

describe('matchAnswer and matchBudgets', () => {
  it('checks substrings and patterns case-insensitively', () => {
    const answer = 'Proposal awaits approval by an approver. Refund of $30.00 drafted.';
    expect(
      matchAnswer({ contains: ['AWAITS APPROVAL'], notContains: ['executed'], matches: ['\\$30\\.00'], notMatches: [] }, answer).passed,
    ).toBe(true);
    const verdict = matchAnswer({ contains: ['refunded'], notContains: ['refund of'], matches: [], notMatches: ['approv'] }, answer);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff).toEqual(
      expect.arrayContaining(['answer lacks "refunded"', 'answer contains forbidden "refund of"', 'answer matches forbidden /approv/i']),
    );
  });
  it('fails runs over their step, call or latency budget', () => {
    const run = observation({ steps: 5, toolCalls: [call('get_order'), call('get_order')], latencyMs: 900 });
    expect(matchBudgets({ maxSteps: 5, maxToolCalls: 2, maxLatencyMs: 1000 }, run).passed).toBe(true);
    expect(matchBudgets({ maxSteps: 4 }, run).diff).toEqual(['5 model steps, budget 4']);
    expect(matchBudgets({ maxToolCalls: 1 }, run).diff).toEqual(['2 tool calls, budget 1']);
    expect(matchBudgets({ maxLatencyMs: 500 }, run).diff).toEqual(['900 ms, budget 500 ms']);
  });
});
