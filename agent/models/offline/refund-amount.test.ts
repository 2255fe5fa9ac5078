import { describe, expect, it } from 'vitest';
import { namesExcess, refundAmount } from './refund-amount.ts';

const none = { clauseAmounts: [], turnAmounts: [], turnNamesOvercharge: false, threadAmounts: [] };

describe('refundAmount', () => {
  it('takes the amount of the clause asking for the money back over a figure quoted to describe the charge', () => {
    // "we billed 1.180,00 € though the invoice says 1.120,00 — hand him the 60 € back"
    expect(refundAmount({ ...none, clauseAmounts: [60], clause: 'hand him the 60 € back', turnAmounts: [1180, 1120, 60] })).toBe(60);
  });

  it('reads "the difference" and "the extra" as the excess on record, never a quoted figure', () => {
    const clause = 'just send her the difference';
    expect(refundAmount({ ...none, clause, turnAmounts: [512.4], excessOnRecord: 12.4 })).toBe(12.4);
    // No excess on record: the planner asks rather than refund the charge the rep quoted.
    expect(refundAmount({ ...none, clause, turnAmounts: [512.4] })).toBeUndefined();
  });

  it('takes the excess on record for an overcharge named anywhere in the turn, then the turn, then the thread', () => {
    expect(refundAmount({ ...none, clause: 'sort her out', turnNamesOvercharge: true, turnAmounts: [99], excessOnRecord: 33 })).toBe(33);
    expect(refundAmount({ ...none, clause: 'refund him', turnAmounts: [15] })).toBe(15);
    expect(refundAmount({ ...none, clause: 'ok do the refund', threadAmounts: [70] })).toBe(70);
    expect(refundAmount({ ...none, clause: 'ok do the refund' })).toBeUndefined();
  });
});

describe('namesExcess', () => {
  it.each([
    ['give back whatever was over', false],
    ['return the surplus to his card', true],
    ['pay back the overpayment', true],
    ['refund the shipping fee', false],
  ])('%s → %s', (text, expected) => expect(namesExcess(text)).toBe(expected));
});
