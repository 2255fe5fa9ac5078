import { addBusinessDays, localDay } from '../../../../core/exceptions/index.ts';
import { isRecord } from '../result-reading.ts';
import { evidenceOf, type TriageKnowledge } from '../triage-knowledge.ts';
import { day, decline, type Drafter, runbookName, unstated } from './draft.ts';
import { lineToMove } from './line-to-move.ts';
import { orderPart } from './order-reading.ts';

/** The earliest confirmed inbound delivery of the SKU that is still in the future. */
export function inboundEta(knowledge: TriageKnowledge): Date | undefined {
  const purchaseOrders =
    knowledge.inventory && Array.isArray(knowledge.inventory.inboundPurchaseOrders)
      ? knowledge.inventory.inboundPurchaseOrders.filter(isRecord)
      : [];
  return purchaseOrders
    .filter((po) => typeof po.expectedAt === 'string' && (typeof po.openQuantity !== 'number' || po.openQuantity > 0))
    .map((po) => new Date(String(po.expectedAt)))
    .filter((date) => !Number.isNaN(date.getTime()) && date > knowledge.now)
    .sort((a, b) => a.getTime() - b.getTime())[0];
}

export const backorderNotice: Drafter = (knowledge) => {
  if (!knowledge.orderRef || !knowledge.order) return decline('no order is linked to the exception');
  const lastNotice = evidenceOf(knowledge, 'backorder_aging')?.lastNoticeAt ?? orderPart(knowledge, 'backorderNotices')?.lastSentAt;
  const interval = knowledge.conditions.notice_interval_days;
  if (lastNotice && interval !== undefined && knowledge.now.getTime() - new Date(lastNotice).getTime() < interval * 86_400_000) {
    return decline(
      `a backorder notice was already sent on ${lastNotice.slice(0, 10)}; at most one per ${interval} days (${runbookName(knowledge)})`,
    );
  }
  const move = lineToMove(knowledge);
  const line = move?.line;
  // A predicted late shipment of goods in stock: the notice tool covers backordered units only, and the
  // new date depends on what the warehouse can still do (expedite), which is a person's call.
  if (knowledge.type === 'late_shipment_risk' && !(line && line.backordered > 0)) {
    return decline(
      `nothing on order ${knowledge.orderRef} is backordered, so there is no backorder to notify; ` +
        'an expedite or a delay notice (send_delay_notice) covers goods in stock',
    );
  }
  // A line still reserved is not backordered yet: the location holding it is short (a count or short
  // pick found fewer units), and what the customer hears depends on a recount or a move, not a date.
  if (line && line.reserved > 0 && line.backordered === 0 && knowledge.type !== 'backorder_aging') {
    return decline(
      `line ${line.lineNumber} of order ${knowledge.orderRef} (${line.sku ?? knowledge.sku ?? 'the SKU'}) is reserved at ${move?.from ?? 'its location'}, not backordered, ` +
        `and that location is short of the units: recount there, then move or backorder the line before the customer is given a new date`,
    );
  }
  // Quote a firm date only from a confirmed inbound PO; otherwise the date by which the customer hears
  // again. Both offsets are the runbook's (conditions.eta_handling_business_days, next_update_business_days).
  const eta = inboundEta(knowledge);
  const { eta_handling_business_days: handling, next_update_business_days: nextUpdate } = knowledge.conditions;
  if (eta && handling === undefined)
    return unstated(knowledge, 'eta_handling_business_days', 'how many business days after a confirmed inbound the goods ship');
  if (!eta && nextUpdate === undefined)
    return unstated(knowledge, 'next_update_business_days', 'when the customer hears again without a confirmed inbound');
  // Business days count on the tenant's calendar (get_exception gives its time zone), not UTC's.
  const timeZone = typeof knowledge.exception.businessTimeZone === 'string' ? knowledge.exception.businessTimeZone : 'UTC';
  const promised = eta ? addBusinessDays(day(eta), handling!) : addBusinessDays(localDay(knowledge.now, timeZone), nextUpdate!);
  const basis = eta
    ? `confirmed inbound PO due ${day(eta)} plus ${handling} business days to receive and ship`
    : `no confirmed inbound supply, so the date of the next update (${nextUpdate} business days)`;
  return {
    ok: true,
    role: 'fix',
    sources: {
      order: knowledge.orderRef,
      reason: basis,
      explicit: { newPromisedDate: promised, ...(line ? { lineNumber: line.lineNumber } : {}) },
    },
    rationale: `Tell the customer of order ${knowledge.orderRef} about the backorder with ${promised} as the new date (${basis}).`,
  };
};
