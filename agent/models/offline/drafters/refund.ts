import { isCarrierDelay } from '../../../../core/exceptions/index.ts';
import { evidenceOf, type TriageKnowledge } from '../triage-knowledge.ts';
import { decline, type Drafter, money, runbookName, unstated } from './draft.ts';
import { orderPart } from './order-reading.ts';
import { roundMoney } from '../../../../core/domain/money.ts';

/** What a person does next for a parcel the carrier has (rb-shipment-delayed's scan-pattern table). */
export function parcelNextStep(knowledge: TriageKnowledge): string {
  const delayed = evidenceOf(knowledge, 'shipment_delayed');
  const parcel = delayed && isCarrierDelay(delayed) ? delayed : undefined;
  const reasons: readonly string[] = parcel?.reasons ?? [];
  const carrier = parcel?.carrier || 'the carrier';
  const exceptionCode = parcel?.exceptionCode;
  if (reasons.includes('carrier_exception') || exceptionCode) {
    const message = parcel?.exceptionMessage;
    return `${carrier} reports an exception on ${knowledge.shipmentRef}${exceptionCode ? ` (${exceptionCode}${message ? `: ${message}` : ''})` : ''}: follow it up with ${carrier} and tell the customer`;
  }
  if (reasons.includes('no_tracking_movement')) {
    const lastScan = parcel?.lastCarrierScanAt;
    return `${knowledge.shipmentRef} has had no ${carrier} scan${lastScan ? ` since ${lastScan.slice(0, 16).replace('T', ' ')} UTC` : ' since it shipped'}: open a carrier trace and message the customer proactively`;
  }
  return `${knowledge.shipmentRef} is past ${carrier}'s estimated delivery: confirm the tracking in the carrier portal and update the customer`;
}

export const refundOverCapture: Drafter = (knowledge) => {
  if (knowledge.type === 'payment_mismatch') {
    const mismatch = evidenceOf(knowledge, 'payment_mismatch');
    if (!mismatch) return decline('the mismatch amount is not known');
    const { difference, kind } = mismatch;
    if (difference <= 0 || kind === 'under_capture' || kind === 'authorized_not_captured')
      return decline(`the payment is short by ${money(Math.abs(difference))}: collect the difference (payments-ops), do not refund`);
    // What the PSP still holds for the order, from the same evidence: never refund more than that.
    const refundable = roundMoney(mismatch.captured - mismatch.refunded);
    const amount = roundMoney(Math.min(difference, refundable));
    if (amount <= 0) return decline('nothing on the order is refundable');
    return {
      ok: true,
      role: 'fix',
      sources: {
        order: knowledge.orderRef,
        amount,
        reason: `over-capture of ${money(difference)} against the order total; refund exactly the excess to the original payment method`,
      },
      rationale: `Refund the over-captured ${money(amount)} on order ${knowledge.orderRef} (captured ${money(mismatch.netCaptured)}, expected ${money(mismatch.expected)}).`,
    };
  }
  if (knowledge.type === 'shipment_delayed') {
    const delayed = evidenceOf(knowledge, 'shipment_delayed');
    if (!knowledge.shipmentRef) {
      const shipBy = delayed && !isCarrierDelay(delayed) ? delayed.shipBy : undefined;
      return decline(
        `the order has not shipped${shipBy ? ` by its ship-by date ${shipBy.slice(0, 10)}` : ''}: check the outbound dock and manifest with the warehouse team (a warehouse issue, not a carrier delay); no shipping refund applies`,
      );
    }
    const daysLate = delayed?.daysLate ?? 0;
    const threshold = knowledge.conditions.shipping_refund_after_days_late;
    if (threshold === undefined)
      return unstated(knowledge, 'shipping_refund_after_days_late', 'when a late parcel earns a shipping-fee refund');
    if (daysLate <= threshold)
      return decline(
        `${parcelNextStep(knowledge)}; the parcel is ${daysLate} day(s) late and the shipping-fee refund starts at more than ${threshold} days (${runbookName(knowledge)})`,
      );
    const shipping = orderPart(knowledge, 'totals')?.shipping;
    const refundable = orderPart(knowledge, 'payment')?.refundableAmount;
    if (shipping === undefined) return decline('the shipping fee paid is not known');
    if (shipping <= 0) return decline('the customer paid no shipping; a goodwill gesture is a person’s call');
    const amount = roundMoney(refundable !== undefined ? Math.min(shipping, refundable) : shipping);
    if (amount <= 0)
      return decline(
        `nothing of the ${money(shipping)} shipping fee is refundable on order ${knowledge.orderRef} (refundable ${money(refundable ?? 0)})`,
      );
    return {
      ok: true,
      role: 'fix',
      sources: { order: knowledge.orderRef, amount, reason: `shipping-fee refund: delivered ${daysLate} days late against the promise` },
      rationale: `Refund the ${money(amount)} shipping fee of order ${knowledge.orderRef}: the parcel is ${daysLate} days late (${runbookName(knowledge)}: more than ${threshold} days).`,
    };
  }
  if (knowledge.type === 'duplicate_order') return decline('refund only after the later order is confirmed a duplicate and cancelled');
  if (knowledge.type === 'return_inspection_overdue') return decline('the refund follows the disposition; set the disposition first');
  return decline(`a refund is not the remedy the data supports for ${knowledge.type}`);
};
