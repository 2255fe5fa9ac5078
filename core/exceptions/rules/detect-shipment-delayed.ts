/**
 * shipment_delayed (rb-shipment-delayed):
 *  - a shipment not yet delivered is past its carrier-estimated delivery date (shipments.promised_date
 *    is the order's ship-by date, which the parcel met by leaving; it is not a delivery promise);
 *  - the carrier reported an exception;
 *  - tracking has not moved for 48 hours (72 for freight/LTL);
 *  - an order released to the warehouse has not shipped by its ship-by date.
 * Clears when the parcel is delivered or cancelled, tracking moves again within its promise, or the
 * late order ships.
 */
import type { CarrierDelayReason } from '../evidence/exception-evidence.ts';
import type { Severity } from '../exception-types.ts';
import {
  daysBetween,
  hoursBetween,
  inScope,
  scopedPlan,
  scopeIds,
  scopeIsEmpty,
  type ExceptionFinding,
  type ExceptionRule,
  type RuleContext,
} from './rule.ts';
import type { Tx } from '../../db/database.ts';

const HOUR_MS = 3_600_000;
const STALLED_HOURS = 48;
const STALLED_HOURS_FREIGHT = 72;

interface ShipmentRow {
  shipment_id: string;
  external_ref: string;
  carrier: string;
  service_level: string | null;
  tracking_number: string | null;
  status: string;
  exception_code: string | null;
  exception_message: string | null;
  promised_date: Date | null;
  estimated_delivery_at: Date | null;
  shipped_at: Date | null;
  last_carrier_scan_at: Date | null;
  order_id: string;
  order_number: string;
  customer_id: string | null;
  customer_code: string | null;
  customer_kind: string | null;
  customer_tier: string | null;
}

interface LateOrderRow {
  order_id: string;
  order_number: string;
  status: string;
  channel: string;
  promised_date: Date;
  released_at: Date | null;
  customer_id: string | null;
  customer_code: string | null;
  customer_kind: string | null;
  customer_tier: string | null;
}

const isFreight = (row: ShipmentRow): boolean => /freight|ltl/i.test(`${row.carrier} ${row.service_level ?? ''}`);
const isContractual = (kind: string | null, tier: string | null): boolean =>
  kind === 'business' && (tier === 'key_account' || tier === 'strategic');

/** `late` in milliseconds; "more than 3 days late" (rb-shipment-delayed) is the refund threshold. */
function severityFor(kind: string | null, tier: string | null, late: number, carrierException: boolean): Severity {
  if (isContractual(kind, tier)) return 'critical';
  if (late > 3 * 86_400_000 || carrierException) return 'high';
  return 'medium';
}

async function delayedShipments(tx: Tx, context: RuleContext): Promise<ExceptionFinding<'shipment_delayed'>[]> {
  const result = await tx.query<ShipmentRow>(
    `SELECT s.id AS shipment_id, s.external_ref, s.carrier, s.service_level, s.tracking_number, s.status, s.exception_code,
            s.exception_message, s.promised_date, s.estimated_delivery_at, s.shipped_at, s.last_carrier_scan_at,
            o.id AS order_id, o.number AS order_number, o.customer_id, c.code AS customer_code, c.kind AS customer_kind, c.tier AS customer_tier
       FROM shipments s
       JOIN orders o ON o.id = s.order_id
       LEFT JOIN customers c ON c.id = o.customer_id
      WHERE s.status NOT IN ('delivered', 'cancelled', 'returned_to_sender')
        AND (s.status = 'exception'
             OR s.estimated_delivery_at < $2
             OR (s.status IN ('in_transit', 'out_for_delivery') AND coalesce(s.last_carrier_scan_at, s.shipped_at) < $2::timestamptz - interval '48 hours'))
        AND ${inScope(context, 1, 's.order_id = ANY($1::uuid[])')}`,
    [scopeIds(context, 'orderIds'), context.now],
    scopedPlan(context),
  );
  const findings: ExceptionFinding<'shipment_delayed'>[] = [];
  for (const row of result.rows) {
    const now = context.now;
    const due = row.estimated_delivery_at;
    const late = due !== null && due < now;
    const lastMovement = row.last_carrier_scan_at ?? row.shipped_at;
    const stalledLimit = isFreight(row) ? STALLED_HOURS_FREIGHT : STALLED_HOURS;
    const stalled =
      ['in_transit', 'out_for_delivery'].includes(row.status) &&
      lastMovement !== null &&
      now.getTime() - lastMovement.getTime() > stalledLimit * HOUR_MS;
    const carrierException = row.status === 'exception';
    if (!late && !stalled && !carrierException) continue;
    const reasons = [
      carrierException ? 'carrier_exception' : null,
      late ? 'past_estimated_delivery' : null,
      stalled ? 'no_tracking_movement' : null,
    ].filter((reason): reason is CarrierDelayReason => reason !== null);
    const daysLate = late ? daysBetween(due!, now) : 0;
    const what = carrierException
      ? `carrier exception${row.exception_code ? ` ${row.exception_code}` : ''}`
      : late
        ? `${daysLate > 0 ? `${daysLate} days` : 'less than a day'} past estimated delivery`
        : `no tracking movement for ${Math.round(hoursBetween(lastMovement!, now))}h`;
    findings.push({
      dedupeKey: `shipment_delayed:shipment:${row.shipment_id}`,
      severity: severityFor(row.customer_kind, row.customer_tier, late ? now.getTime() - due!.getTime() : 0, carrierException),
      title: `Shipment ${row.external_ref} (order ${row.order_number}, ${row.carrier}): ${what}`,
      refs: { orderId: row.order_id, shipmentId: row.shipment_id, customerId: row.customer_id },
      codes: {
        orderNumber: row.order_number,
        shipmentRef: row.external_ref,
        ...(row.tracking_number ? { trackingNumber: row.tracking_number } : {}),
        ...(row.customer_code ? { customerCode: row.customer_code } : {}),
      },
      evidence: {
        reasons,
        carrier: row.carrier,
        serviceLevel: row.service_level,
        shipmentStatus: row.status,
        exceptionCode: row.exception_code,
        exceptionMessage: row.exception_message,
        promisedDate: row.promised_date?.toISOString() ?? null,
        estimatedDeliveryAt: row.estimated_delivery_at?.toISOString() ?? null,
        shippedAt: row.shipped_at?.toISOString() ?? null,
        lastCarrierScanAt: row.last_carrier_scan_at?.toISOString() ?? null,
        daysLate,
        contractualDelivery: isContractual(row.customer_kind, row.customer_tier),
      },
      resolveBy: null,
    });
  }
  return findings;
}

async function unshippedPastShipBy(tx: Tx, context: RuleContext): Promise<ExceptionFinding<'shipment_delayed'>[]> {
  const result = await tx.query<LateOrderRow>(
    `SELECT o.id AS order_id, o.number AS order_number, o.status, o.channel, o.promised_date, o.released_at,
            o.customer_id, c.code AS customer_code, c.kind AS customer_kind, c.tier AS customer_tier
       FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
      WHERE o.status IN ('released', 'partially_shipped') AND o.promised_date < $2
        AND ${inScope(context, 1, 'o.id = ANY($1::uuid[])')}`,
    [scopeIds(context, 'orderIds'), context.now],
    scopedPlan(context),
  );
  return result.rows.map((row) => {
    const daysLate = daysBetween(row.promised_date, context.now);
    return {
      dedupeKey: `shipment_delayed:order:${row.order_id}`,
      severity: severityFor(row.customer_kind, row.customer_tier, context.now.getTime() - row.promised_date.getTime(), false),
      title: `Order ${row.order_number} (${row.channel}): not shipped by its ship-by date${daysLate > 0 ? `, ${daysLate} days late` : ''}`,
      refs: { orderId: row.order_id, customerId: row.customer_id },
      codes: { orderNumber: row.order_number, ...(row.customer_code ? { customerCode: row.customer_code } : {}) },
      evidence: {
        reasons: ['not_shipped_by_ship_by_date'],
        orderStatus: row.status,
        channel: row.channel,
        shipBy: row.promised_date.toISOString(),
        releasedAt: row.released_at?.toISOString() ?? null,
        daysLate,
        contractualDelivery: isContractual(row.customer_kind, row.customer_tier),
      },
      resolveBy: null,
    };
  });
}

export const shipmentDelayedRule: ExceptionRule<'shipment_delayed'> = {
  type: 'shipment_delayed',
  scopeColumns: ['order_id'],
  triggers: ['shipment.created', 'shipment.updated', 'order.cancelled'],
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds'])) return [];
    return [...(await delayedShipments(tx, context)), ...(await unshippedPastShipBy(tx, context))];
  },
};
