/**
 * A customer's cancellation asked for in chat. There is no cancellation tool: the order is cancelled in
 * the OMS by a person. What the copilot can do is what sop-customer-cancellation-requests asks first —
 * an order already released to the warehouse is held (`place_order_hold`, the SOP's reason code) so
 * the next pick wave does not ship it while the cancellation is completed; one not yet released is
 * cancelled in the OMS directly (no hold); one that has shipped cannot be cancelled (offer a return).
 * The order's record decides which, not the wording.
 */
import type { ToolExchange } from './conversation.ts';
import { isRecord, lastResultOf, passagesIn, resultsOf } from './result-reading.ts';

// The objects a "cancel" can have that are not the order: those are other requests (a release, a refund reversal…).
const OTHER_OBJECT =
  /\bcancel\w*\s+(the\s+|that\s+|this\s+|my\s+|our\s+)?(hold|refund|reservation|po\b|purchase order|notice|proposal|request|approval|transfer|credit hold)/i;

/** Verbs and phrases of calling an order off: "cancel", "call off", "no longer need", "don't want it any more". */
const CALL_OFF =
  /\b(cancel\w*|call(ed|ing)? (it |the order |them )?off|scrap (it|the order)|no longer (need|want)s?|(don'?t|do not|doesn'?t) (need|want) (it|them|the order|this order) any ?more|changed (their|his|her) mind)\b/i;

/** Whether the message asks to cancel an order (not a hold, a refund or anything else). */
export function asksToCancel(text: string): boolean {
  return CALL_OFF.test(text) && !OTHER_OBJECT.test(text);
}

/**
 * Order statuses in which sop-customer-cancellation-requests ("Speed matters") has the order held before
 * it is cancelled: released to the warehouse and not yet handed to the carrier.
 */
const HOLD_FIRST = new Set(['released', 'partially_shipped']);
const NOT_RELEASED = new Set(['captured', 'validated', 'reserved', 'backordered', 'pending_payment', 'created']);
const SHIPPED = new Set(['shipped', 'invoiced', 'closed', 'delivered']);

export type CancellationPlan = { kind: 'hold'; reasonCode: string; rationale: string; note: string } | { kind: 'explain'; note: string };

/** The hold's reason code as the retrieved SOP writes it next to `place_order_hold` ("reason `CUSTOMER-REQ`"). */
function sopReasonCode(exchanges: readonly ToolExchange[]): { code: string; ref: string } | undefined {
  for (const result of resultsOf(exchanges, 'search_runbooks')) {
    for (const passage of passagesIn(result)) {
      const match = /`place_order_hold`[^.]{0,60}?reason\s+`([A-Z][A-Z0-9]*-[A-Z0-9-]+)`/.exec(passage.excerpt);
      if (match) return { code: match[1]!, ref: passage.ref };
    }
  }
  return undefined;
}

/** What to do about a cancellation of the order read in this turn; undefined until it has been read. */
export function planCancellation(exchanges: readonly ToolExchange[], requestWords: string): CancellationPlan | undefined {
  const order = lastResultOf(exchanges, 'get_order');
  if (!isRecord(order) || typeof order.orderNumber !== 'string') return undefined;
  const number = order.orderNumber;
  const status = String(order.status);
  const holds = Array.isArray(order.holds) ? order.holds : [];
  const oms = 'The cancellation itself is made in the OMS by a person; I cannot cancel orders.';
  if (status === 'cancelled') return { kind: 'explain', note: `Order ${number} is already cancelled.` };
  if (SHIPPED.has(status))
    return {
      kind: 'explain',
      note: `Order ${number} has already shipped (status ${status}), so it can no longer be cancelled: offer the customer a return, or a carrier intercept for a high-value parcel.`,
    };
  if (status === 'on_hold' || holds.length)
    return { kind: 'explain', note: `Order ${number} is already on hold, so the warehouse will not pick it. ${oms}` };
  if (HOLD_FIRST.has(status)) {
    const sop = sopReasonCode(exchanges);
    // Without the SOP retrieved, a cancellation is still the customer's request.
    const reasonCode = sop?.code ?? 'CUSTOMER-REQ';
    const source = sop ? ` [${sop.ref}]` : '';
    return {
      kind: 'hold',
      reasonCode,
      rationale: `The customer asked to cancel order ${number}, which is released to the warehouse: hold it (${reasonCode}) first so the next pick wave does not ship it while the cancellation is completed in the OMS (sop-customer-cancellation-requests)${source}. Request: "${requestWords.slice(0, 160)}"`,
      note: `Order ${number} is released to the warehouse, so the SOP has it held first while the cancellation is completed. ${oms}`,
    };
  }
  if (NOT_RELEASED.has(status))
    return {
      kind: 'explain',
      note: `Order ${number} is ${status.replace(/_/g, ' ')} — not released to the warehouse yet — so it can be cancelled in the OMS directly; no hold is needed. ${oms}`,
    };
  return { kind: 'explain', note: `Order ${number} has status ${status}. ${oms}` };
}
