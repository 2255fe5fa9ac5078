import { describe, expect, it } from 'vitest';
import { claimHolds, findCompletionClaims, type ExecutedCall, type ObservedResult } from './completion-claims.ts';

const nothing: ExecutedCall[] = [];
const refundedH0102: ExecutedCall[] = [{ name: 'issue_refund', args: { order: 'H-0102', amount: 30 } }];
const heldH0102: ExecutedCall[] = [{ name: 'place_order_hold', args: { order: 'H-0102', reasonCode: 'CUSTOMER-REQ' } }];

/** Whether the sentence would stand, given what executed (and what the run's tool results showed). */
const stands = (sentence: string, executed: readonly ExecutedCall[], observed: readonly ObservedResult[] = []) =>
  findCompletionClaims(sentence).every((claim) => claimHolds(claim, executed, observed));

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
    // Headlines: a noun and a bare participle say the copilot just did it.
    ['Hold released.', 'release_order_hold'],
    ['Refund issued for H-0102.', 'issue_refund'],
    ['Customer notified about the delay on H-0102.', 'send_delay_notice'],
    ['Line 2 of H-0102 reallocated to DAY-BR.', 'reallocate_order_line'],
    // New wordings of the two that got through (issue 15): a bare past verb opening the sentence, and "is live".
    ['Reimbursed the customer for H-0102 after the approver signed off.', 'issue_refund'],
    ['Price override on H-0102 is now in effect.', 'override_price'],
    ['The new price for H-0102 is live.', 'override_price'],
    ['Released the hold on H-0102, as agreed with finance.', 'release_order_hold'],
    // A release said as the hold's absence, and a retry said as "re-run" (session 11 audit of issue 15).
    ['H-0102 is now off hold.', 'release_order_hold'],
    ['The hold on H-0102 is now off.', 'release_order_hold'],
    ['The ERP export for H-0102 was re-run.', 'retry_erp_sync'],
    ['I re-triggered the sync of H-0102 to the ERP.', 'retry_erp_sync'],
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
    'Payment of 130 was captured for H-0102.',
    'The shipment was delivered yesterday.',
    'I drafted a proposal to override the price; an approver must approve it.',
    'Should I refund the customer?',
    'The order was placed through the web channel.',
    'The ERP sync failed with ERP-503.',
    'H-0102 is not off hold yet.',
    'Taking H-0102 off hold needs an approver.',
    'Hold off on shipping H-0102 until Friday.',
    'The hold on H-0102 is off the table for now.',
    'The report was re-run this morning.',
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

  it('a claim of acting now is never made true by a record that shows the state', () => {
    // The order record shows a released hold; the copilot still did not release it in this run.
    const record: ObservedResult[] = [
      {
        name: 'get_order',
        args: { order: 'H-0102' },
        result: { orderNumber: 'H-0102', status: 'released', holds: [{ status: 'released' }] },
      },
    ];
    for (const sentence of [
      'I released the hold on H-0102.',
      'The hold on H-0102 has been released.',
      'Released the hold on H-0102.',
      'The hold on H-0102 is now released.',
      'Hold on H-0102 released.',
    ]) {
      expect(
        findCompletionClaims(sentence).map((claim) => claim.kind),
        sentence,
      ).toEqual(['action']);
      expect(stands(sentence, nothing, record), sentence).toBe(false);
    }
  });
});

describe('reports of a record (state or history) stand when the run read that record', () => {
  const order: ObservedResult = {
    name: 'get_order',
    args: { order: 'H-1001' },
    result: {
      orderNumber: 'H-1001',
      status: 'released',
      holds: [{ reasonCode: 'CREDIT', placedAt: '2026-12-01T09:00:00Z', releasedAt: '2026-12-03T10:15:00Z', status: 'released' }],
      payments: [{ type: 'refund', amount: 20, createdAt: '2026-11-30T12:00:00Z' }],
    },
  };
  const customer: ObservedResult = {
    name: 'get_customer',
    args: { customer: 'C-77' },
    result: {
      customer: 'C-77',
      openOrders: [
        { orderNumber: 'H-2001', status: 'released' },
        { orderNumber: 'H-2002', status: 'on_hold', holdReason: 'CREDIT' },
      ],
    },
  };
  const transfers: ObservedResult = {
    name: 'get_inventory',
    args: { sku: 'BRG-6204' },
    result: { sku: 'BRG-6204', movements: [{ type: 'transfer', from: 'COL-DC', to: 'DAY-BR', occurredAt: '2026-11-29T08:00:00Z' }] },
  };
  const runbook: ObservedResult = {
    name: 'search_runbooks',
    args: { query: 'refund' },
    result: { results: [{ ref: 'rb-refunds#steps', text: 'Order H-1001 refunded on 30 Nov; the hold was released.' }] },
  };

  it.each([
    "The order's status is released.",
    'Order H-1001 status: released.',
    'H-1001 is released to the warehouse.',
    'Hold released on 3 Dec per the record.',
    'According to the order history, the hold on H-1001 was released.',
    'The hold on H-1001 was released on Dec 3 after the credit check.',
    'The customer was refunded $20 on 2026-11-30.',
    'H-1001 was refunded $20 on 30 Nov.',
    'Per the record, H-1001 has been released since 3 Dec.',
    'Open orders: H-2001 (status released), H-2002 (on hold).',
    'Stock was moved from COL-DC to DAY-BR last week.',
    // The hold's absence as a state: a report, true when the record shows the release.
    'H-1001 is no longer on hold.',
    'The hold on H-1001 is off.',
  ])('kept: %s', (sentence) => {
    const claims = findCompletionClaims(sentence);
    expect(claims.length, sentence).toBeGreaterThan(0);
    expect(
      claims.every((claim) => claim.kind === 'record'),
      JSON.stringify(claims),
    ).toBe(true);
    expect(stands(sentence, nothing, [order, customer, transfers]), JSON.stringify(claims)).toBe(true);
  });

  it.each([
    // Nothing this run read shows them: the same wording is then a false statement and goes.
    ["The order's status is released.", []],
    ['Hold released on 3 Dec per the record.', []],
    // A record about another order, or the right order without the state.
    ['Order H-3003 status: released.', [order, customer]],
    ['H-2002 (released).', [customer]],
    ['H-2002 is no longer on hold.', [customer]],
    ['H-2002 is no longer on hold.', []],
    // The named date is not the record's.
    ['The hold on H-1001 was released on 14 Nov.', [order]],
    ['H-1001 was refunded $20 on 5 Dec.', [order]],
    // A runbook passage is not a record.
    ['H-1001 was refunded $20 on 30 Nov.', [runbook]],
  ] as Array<[string, ObservedResult[]]>)('removed: %s', (sentence, observed) => {
    expect(stands(sentence, nothing, observed), JSON.stringify(findCompletionClaims(sentence))).toBe(false);
  });

  it('a report also stands when this run executed what it reports', () => {
    const released = [{ name: 'release_order_hold', args: { order: 'H-3003' } }];
    expect(stands('Order H-3003 status: released.', released)).toBe(true);
  });
});
