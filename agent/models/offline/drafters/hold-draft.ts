import type { TriageKnowledge } from '../triage-knowledge.ts';
import { decline, type Draft } from './draft.ts';
import { activeHoldCodes, HOLDABLE } from './order-reading.ts';

/** A hold of `reasonCode` on the exception's order, when it can still stop the goods. */
export function holdDraft(
  knowledge: TriageKnowledge,
  reasonCode: string,
  note: string,
  orderRef = knowledge.orderRef,
  order = knowledge.order,
): Draft {
  if (!orderRef || !order) return decline('no order is linked to the exception');
  const status = String(order.status ?? '');
  if (!HOLDABLE.has(status)) return decline(`order ${orderRef} is ${status}; a hold can no longer stop it`);
  if (activeHoldCodes(order).includes(reasonCode)) return decline(`order ${orderRef} already has a ${reasonCode} hold`);
  return {
    ok: true,
    role: 'contain',
    sources: { order: orderRef, reason: note, explicit: { reasonCode, note } },
    rationale: `Hold order ${orderRef} (${reasonCode}) so it cannot ship while this is resolved: ${note}`,
  };
}
