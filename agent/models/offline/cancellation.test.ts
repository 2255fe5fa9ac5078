import { describe, expect, it } from 'vitest';
import { asksToCancel, planCancellation } from './cancellation.ts';
import type { ToolExchange } from './conversation.ts';

const order = (status: string, holds: unknown[] = []): ToolExchange => ({
  id: 'a',
  name: 'get_order',
  args: { order: 'W1' },
  outcome: { status: 'ok', result: { orderNumber: 'W1', status, holds } } as ToolExchange['outcome'],
});
const sop: ToolExchange = {
  id: 'b',
  name: 'search_runbooks',
  args: { query: 'cancel' },
  outcome: {
    status: 'ok',
    result: {
      results: [
        {
          ref: 'sop-customer-cancellation-requests#speed-matters',
          text: 'For anything released, place an order hold (`place_order_hold`, reason `CUSTOMER-REQ`) **first**.',
        },
      ],
    },
  } as ToolExchange['outcome'],
};

describe('cancellations in chat', () => {
  it('recognises calling an order off, not cancelling a hold or a refund', () => {
    expect(asksToCancel('Harcourt want to cancel W1')).toBe(true);
    expect(asksToCancel("they don't need it any more")).toBe(true);
    expect(asksToCancel('Trinity no longer need 2025-IE-0413')).toBe(true);
    expect(asksToCancel('cancel the hold on W1')).toBe(false);
    expect(asksToCancel('cancel the refund on W1')).toBe(false);
  });

  it('holds a released order first, with the reason code the SOP names', () => {
    expect(planCancellation([order('released'), sop], 'cancel W1')).toMatchObject({ kind: 'hold', reasonCode: 'CUSTOMER-REQ' });
    expect(planCancellation([order('released'), sop], 'cancel W1')).toMatchObject({
      rationale: expect.stringMatching(/sop-customer-cancellation-requests#speed-matters/),
    });
  });

  it('holds nothing that is not released yet, already held or already shipped', () => {
    expect(planCancellation([order('backordered')], 'cancel W1')).toMatchObject({
      kind: 'explain',
      note: expect.stringMatching(/directly/),
    });
    expect(planCancellation([order('released', [{ reasonCode: 'FRAUD-REVIEW' }])], 'cancel W1')).toMatchObject({ kind: 'explain' });
    expect(planCancellation([order('shipped')], 'cancel W1')).toMatchObject({ kind: 'explain', note: expect.stringMatching(/return/) });
    expect(planCancellation([], 'cancel W1')).toBeUndefined();
  });
});
