import { describe, expect, it } from 'vitest';
import { claimHolds, findCompletionClaims, type ExecutedCall } from './completion-claims.ts';

const nothing: ExecutedCall[] = [];
const refundedH0102: ExecutedCall[] = [{ name: 'issue_refund', args: { order: 'H-0102', amount: 30 } }];
const heldH0102: ExecutedCall[] = [{ name: 'place_order_hold', args: { order: 'H-0102', reasonCode: 'CUSTOMER-REQ' } }];

/** Whether the sentence would stand, given what executed. */
const stands = (sentence: string, executed: readonly ExecutedCall[]) =>
  findCompletionClaims(sentence).every((claim) => claimHolds(claim, executed));

describe('completion claims', () => {
  // Each phrasing claims the action happened: false when nothing ran, true once it ran on that entity.
  it.each([
    ['Refunded order H-0102 as the approver agreed.', 'issue_refund'],
    ['I have refunded $30 on H-0102.', 'issue_refund'],
    ["I've issued the refund for H-0102.", 'issue_refund'],
    ['We refunded the customer for H-0102.', 'issue_refund'],
    ['The refund for H-0102 has been issued.', 'issue_refund'],
    ['The customer was refunded $30 for H-0102.', 'issue_refund'],
    ['H-0102 has been refunded.', 'issue_refund'],
    ['Your refund on H-0102 is on its way.', 'issue_refund'],
    ['Done: refunded H-0102.', 'issue_refund'],
    ['All done — the refund went through for H-0102.', 'issue_refund'],
    ['Order H-0102 is now on hold.', 'place_order_hold'],
    ['I put H-0102 on hold.', 'place_order_hold'],
    ['H-0102 has been placed on hold.', 'place_order_hold'],
    ['Held H-0102 until the customer confirms.', 'place_order_hold'],
    ['The hold on H-0102 was released.', 'release_order_hold'],
    ["I've lifted the hold on H-0102.", 'release_order_hold'],
    ['The price override is live.', 'override_price'],
    ['The price on H-0102 has been overridden to 12.50.', 'override_price'],
    ['I overrode the price on H-0102.', 'override_price'],
    ['The backorder notice was sent to the customer for H-0102.', 'send_backorder_notice'],
    ['The customer has been notified about H-0102.', 'send_backorder_notice'],
    ['I retried the ERP sync for H-0102.', 'retry_erp_sync'],
    ['The ERP sync for H-0102 has been retried.', 'retry_erp_sync'],
    ['Resynced H-0102 with the ERP.', 'retry_erp_sync'],
    ['The shipping address on H-0102 has been corrected.', 'correct_shipping_address'],
    ['Line 1 of H-0102 was reallocated to DAY-BR.', 'reallocate_order_line'],
    ['A purchase order has been created for the bearings on H-0102.', 'create_purchase_order'],
    ['Done.', '*'],
    ['The action has been executed for H-0102.', '*'],
  ])('%s', (sentence, tool) => {
    expect(findCompletionClaims(sentence).length, sentence).toBeGreaterThan(0);
    expect(stands(sentence, nothing)).toBe(false);
    const ran = [{ name: tool === '*' ? 'issue_refund' : tool, args: { order: 'H-0102' } }];
    expect(stands(sentence, ran)).toBe(true);
  });

  it.each([
    'A refund of $30 on H-0102 is awaiting approval by an approver.',
    "I've proposed a refund of $30 on H-0102; it needs an approver.",
    'The refund was NOT executed.',
    'H-0102 has not been refunded yet.',
    'I cannot refund H-0102: the policy denies it.',
    'Once approved, the refund will be issued.',
    'If you approve, I will place H-0102 on hold.',
    'The order is on hold.',
    'Order H-0102 was placed on 3 Dec by the customer.',
    'The customer was refunded $20 on 2026-11-30.',
    'Payment of 130 was captured for H-0102.',
    'The shipment was delivered yesterday.',
    'I drafted a proposal to override the price; an approver must approve it.',
    'Should I refund the customer?',
    'The order was placed through the web channel.',
    'The ERP sync failed with ERP-503.',
    'Stock was moved between DCs last week.',
  ])('not a claim: %s', (sentence) => {
    expect(stands(sentence, nothing), JSON.stringify(findCompletionClaims(sentence))).toBe(true);
  });

  it('a claim about another order than the one acted on does not stand', () => {
    expect(stands('Refunded order H-0103 as the approver agreed.', refundedH0102)).toBe(false);
    expect(stands('Refunded order H-0102 as the approver agreed.', refundedH0102)).toBe(true);
    expect(stands('I refunded order 0102.', refundedH0102)).toBe(true);
  });

  it('each clause stands on its own: a true claim does not carry a false one', () => {
    expect(stands('I placed H-0102 on hold and refunded the $30.', heldH0102)).toBe(false);
    expect(stands('I placed H-0102 on hold and refunded the $30.', [...heldH0102, ...refundedH0102])).toBe(true);
    expect(stands('I placed H-0102 on hold, and the refund awaits approval.', heldH0102)).toBe(true);
  });
});
