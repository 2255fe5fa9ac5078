/**
 * The focus of a question about one order — has it shipped? was it refunded? why is it on hold? —
 * answered first and directly from the order's record, instead of repeating its whole summary.
 */
import type { ToolExchange } from './conversation.ts';
import { isRecord, lastResultOf } from './result-reading.ts';

export type QuestionFocus = 'shipped' | 'delivered' | 'arrival' | 'refunded' | 'held';

const FOCUS_CUES: Array<[QuestionFocus, RegExp]> = [
  [
    'refunded',
    /\b(refund(s|ed)?|money( back)?|paid back|been paid|reimburs\w*|credited|go through|went through|gone through|get (it|that) back)\b|\b(get|got|gotten|getting)\b(?:\s+[\w']+){0,3}\s+back\b(?!\s+to\b)/i,
  ],
  ['held', /\b(on hold|held|holds?)\b/i],
  // When it will arrive: the carrier's estimate, not a yes/no.
  [
    'arrival',
    /^\s*(?:and\s+|so\s+)?(when|what day|how (soon|long))\b.*\b(arriv\w*|deliver\w*|have (it|them)|get (it|them)|receiv\w*|turn up|land|due|expect\w*|be there)\b/i,
  ],
  // Delivered is not shipped: "has it been delivered?" of a parcel in transit is a no.
  [
    'delivered',
    /\b(deliver(ed|y)?|arriv\w*|receiv(e|ed)|got (it|them|the (parcel|goods|order|delivery))|get (it|them|the (parcel|goods|order|delivery))|turn(ed)? up|land(ed)?)\b/i,
  ],
  [
    'shipped',
    /\b(ship(ped|s)?|out the door|left (the )?(warehouse|building|dock|depot)|dispatch(ed)?|on (its|the) way|gone out|go(ne)? out)\b/i,
  ],
];

/** What a question asks about an order, when it asks one thing (a question, not a request). */
export function questionFocus(text: string): QuestionFocus | undefined {
  if (!/\?\s*$/.test(text) && !/^\s*(?:and\s+|so\s+)?(has|have|did|was|were|is|are|why|when)\b/i.test(text)) return undefined;
  return FOCUS_CUES.find(([, pattern]) => pattern.test(text))?.[0];
}

/** Whether the direct line replaces the summary (a yes/no fact) or leads it (why on hold: the rest explains). */
export const REPLACES_SUMMARY: Record<QuestionFocus, boolean> = {
  shipped: true,
  delivered: true,
  arrival: true,
  refunded: true,
  held: false,
};

const money = (value: unknown): string => (typeof value === 'number' ? value.toFixed(2) : String(value));
const day = (value: unknown): string | undefined => (typeof value === 'string' ? value.slice(0, 10) : undefined);

/** The direct answer, from the order (and shipment) records read in this turn, with its citation; undefined without them. */
export function focusAnswer(focus: QuestionFocus, exchanges: readonly ToolExchange[]): string | undefined {
  const order = lastResultOf(exchanges, 'get_order');
  if (!isRecord(order) || typeof order.orderNumber !== 'string') return undefined;
  const number = order.orderNumber;
  const cite = `[tool:get_order:${number}]`;
  const status = String(order.status);
  if (focus === 'shipped') {
    const shipment = lastResultOf(exchanges, 'get_shipment');
    const shipments = Array.isArray(order.shipments) ? order.shipments.filter(isRecord) : [];
    const shipped = ['shipped', 'partially_shipped', 'invoiced', 'closed'].includes(status) || shipments.length > 0;
    if (!shipped) return `No — order ${number} has not shipped yet; its status is ${status}. ${cite}`;
    if (isRecord(shipment) && typeof shipment.shipmentId === 'string') {
      const parts = [
        shipment.carrier && `with ${String(shipment.carrier)}`,
        day(shipment.shippedAt) && `on ${day(shipment.shippedAt)}`,
        shipment.status && `now ${String(shipment.status).replace(/_/g, ' ')}`,
        day(shipment.estimatedDeliveryAt) && `estimated delivery ${day(shipment.estimatedDeliveryAt)}`,
        shipment.trackingNumber && `tracking ${String(shipment.trackingNumber)}`,
      ].filter(Boolean);
      return `Yes — order ${number} has shipped (shipment ${shipment.shipmentId}${parts.length ? `, ${parts.join(', ')}` : ''}). ${cite} [tool:get_shipment:${shipment.shipmentId}]`;
    }
    return `Yes — order ${number} has shipped; its status is ${status}. ${cite}`;
  }
  if (focus === 'delivered') return deliveredAnswer(order, number, status, cite, lastResultOf(exchanges, 'get_shipment'));
  if (focus === 'arrival') return arrivalAnswer(order, number, status, cite, lastResultOf(exchanges, 'get_shipment'));
  if (focus === 'refunded') {
    const payment = isRecord(order.payment) ? order.payment : {};
    const refunded = typeof payment.refunded === 'number' ? payment.refunded : 0;
    const refunds = Array.isArray(order.refunds) ? order.refunds.filter(isRecord) : [];
    if (refunded <= 0 && !refunds.length)
      return `No — order ${number} shows no refund: 0.00 refunded of ${money(payment.captured ?? 0)} captured. ${cite}`;
    const listed = refunds
      .slice(0, 3)
      .map((refund) => `${money(refund.amount)} ${String(refund.status)}${day(refund.createdAt) ? ` on ${day(refund.createdAt)}` : ''}`)
      .join('; ');
    return `Yes — the records of order ${number} show ${money(refunded)} refunded of ${money(payment.captured ?? 0)} captured${listed ? ` (${listed})` : ''}. ${cite}`;
  }
  const holds = Array.isArray(order.holds) ? order.holds.filter(isRecord) : [];
  if (!holds.length) return `Order ${number} has no active hold; its status is ${status}. ${cite}`;
  const reasons = holds
    .map(
      (hold) =>
        `${String(hold.reasonCode)}${day(hold.placedAt) ? ` since ${day(hold.placedAt)}` : ''}${hold.placedBy ? ` by ${String(hold.placedBy)}` : ''}`,
    )
    .join('; ');
  return `Order ${number} has ${holds.length === 1 ? 'an active hold' : `${holds.length} active holds`}: ${reasons}. ${cite}`;
}

/** Whether the order's parcels have arrived: a delivered shipment says yes; one in transit says not yet, with its estimate. */
function deliveredAnswer(order: Record<string, unknown>, number: string, status: string, cite: string, read: unknown): string {
  const shipments = Array.isArray(order.shipments) ? order.shipments.filter(isRecord) : [];
  const delivered = shipments.find((shipment) => shipment.status === 'delivered' || typeof shipment.deliveredAt === 'string');
  if (delivered) {
    const when = day(delivered.deliveredAt);
    return `Yes — order ${number} was delivered${when ? ` on ${when}` : ''} (shipment ${String(delivered.shipmentId)}${delivered.carrier ? `, ${String(delivered.carrier)}` : ''}). ${cite}`;
  }
  const moving = shipments[0];
  if (!moving) return `No — order ${number} has not shipped yet, so it has not been delivered; its status is ${status}. ${cite}`;
  const detail = isRecord(read) && read.shipmentId === moving.shipmentId ? read : moving;
  const parts = [
    detail.carrier && `with ${String(detail.carrier)}`,
    day(detail.shippedAt) && `shipped ${day(detail.shippedAt)}`,
    day(detail.estimatedDeliveryAt) && `estimated delivery ${day(detail.estimatedDeliveryAt)}`,
  ].filter(Boolean);
  return `No — order ${number} is not delivered yet: shipment ${String(moving.shipmentId)} is ${String(detail.status ?? moving.status).replace(/_/g, ' ')}${parts.length ? ` (${parts.join(', ')})` : ''}. ${cite}${isRecord(read) && read.shipmentId ? ` [tool:get_shipment:${String(read.shipmentId)}]` : ''}`;
}

/** When the order should arrive: delivered already, the carrier's estimate for a parcel on its way, or not shipped yet. */
function arrivalAnswer(order: Record<string, unknown>, number: string, status: string, cite: string, read: unknown): string {
  const shipments = Array.isArray(order.shipments) ? order.shipments.filter(isRecord) : [];
  const moving = shipments.find((shipment) => shipment.status !== 'delivered' && typeof shipment.deliveredAt !== 'string');
  if (!moving) return deliveredAnswer(order, number, status, cite, read);
  const detail = isRecord(read) && read.shipmentId === moving.shipmentId ? read : moving;
  const estimate = day(detail.estimatedDeliveryAt);
  const parts = [
    detail.carrier && `with ${String(detail.carrier)}`,
    detail.status && `${String(detail.status).replace(/_/g, ' ')}`,
    day(detail.shippedAt) && `shipped ${day(detail.shippedAt)}`,
    detail.trackingNumber && `tracking ${String(detail.trackingNumber)}`,
  ].filter(Boolean);
  const shipmentCite = isRecord(read) && read.shipmentId ? ` [tool:get_shipment:${String(read.shipmentId)}]` : '';
  return estimate
    ? `Order ${number} is expected on ${estimate}, the carrier's estimated delivery (shipment ${String(moving.shipmentId)}${parts.length ? `, ${parts.join(', ')}` : ''}). ${cite}${shipmentCite}`
    : `Order ${number} is on its way (shipment ${String(moving.shipmentId)}${parts.length ? `, ${parts.join(', ')}` : ''}), but the carrier has given no estimated delivery date. ${cite}${shipmentCite}`;
}
