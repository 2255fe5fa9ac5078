/**
 * Read model of one order with everything an operator looks at: lines, holds, stock, money, parcels,
 * returns, ERP — in one statement. Fifty clients reading orders queue on the embedded database's one
 * thread, where every statement costs a round trip; the parts were fourteen statements (and one more
 * per shipment and return), now they are json subqueries of the order's row (docs/benchmarks.md,
 * reads). Each part keeps its owner's column list and order, so it reads as its own function did;
 * get-order.test.ts compares the two on an order with every part.
 */
import type { Tx } from '../db/database.ts';
import { isUuid } from '../domain/references.ts';
import { jsonRow, jsonRows, timestampKeys, withTimestamps } from '../domain/json-rows.ts';
import { NotFoundError } from '../errors.ts';
import { ATTEMPT_COLUMNS, type ErpSyncAttempt } from '../erp/erp-sync.ts';
import { INVOICE_COLUMNS, type InvoiceRecord } from '../invoices/invoices.ts';
import { PAYMENT_COLUMNS, type PaymentRecord } from '../payments/payments.ts';
import { RETURN_LINE_COLUMNS, type ReturnLineRecord } from '../returns/return-record.ts';
import { SHIPMENT_LINE_COLUMNS, SHIPMENT_VIEW_COLUMNS, type ShipmentView } from '../shipments/get-shipment.ts';
import { HOLD_COLUMNS, type OrderHold } from './order-holds.ts';
import { ORDER_COLUMNS, ORDER_LINE_COLUMNS, type OrderLineRecord, type OrderRecord } from './order-record.ts';
import { roundMoney } from '../domain/money.ts';

export interface OrderDetail extends OrderRecord {
  customer: { code: string; name: string; tier: string; paymentTerms: string; creditStatus: string } | null;
  lines: Array<OrderLineRecord & { effectiveUnitPrice: number; lineTotal: number }>;
  holds: OrderHold[];
  reservations: Array<{
    id: string;
    lineNumber: number;
    skuCode: string;
    locationCode: string;
    quantity: number;
    status: string;
    expiresAt: Date | null;
    createdAt: Date;
  }>;
  payments: PaymentRecord[];
  refunds: Array<{
    id: string;
    amount: number;
    reason: string;
    status: string;
    pspReference: string | null;
    requestedBy: string;
    createdAt: Date;
  }>;
  shipments: ShipmentView[];
  returns: Array<{
    rmaNumber: string;
    status: string;
    reason: string | null;
    receivedAt: Date | null;
    inspectedAt: Date | null;
    lines: ReturnLineRecord[];
  }>;
  invoices: InvoiceRecord[];
  erpSyncAttempts: ErpSyncAttempt[];
  backorderNotices: Array<{ channel: string; previousPromisedDate: Date | null; newPromisedDate: Date; sentBy: string; sentAt: Date }>;
  /** Proactive notices of a late shipment with the goods in stock (send-delay-notice.ts). */
  delayNotices: Array<{ channel: string; previousPromisedDate: Date | null; newPromisedDate: Date; sentBy: string; sentAt: Date }>;
  /** What the warehouse was asked: priority and a carrier service other than the location's usual one (expedite-order.ts). */
  fulfilment: {
    priority: 'standard' | 'expedite';
    requestedCarrier: string | null;
    requestedServiceLevel: string | null;
    expeditedAt: Date | null;
  };
  /** Money summary: what was captured vs the order total, net of refunds. */
  money: { total: number; authorized: number; captured: number; refunded: number; invoiced: number };
}

/** The order's parts as json columns of its row (`ord`): each the statement its owner's read ran, in its order. */
const PARTS_SQL = `
  ${jsonRow(`SELECT code, name, tier, payment_terms AS "paymentTerms", credit_status AS "creditStatus" FROM customers WHERE id = ord."customerId"`)} AS "customerPart",
  ${jsonRows(`SELECT ${ORDER_LINE_COLUMNS} FROM order_lines l JOIN skus s ON s.id = l.sku_id WHERE l.order_id = ord.id ORDER BY l.line_number`)} AS "linesPart",
  ${jsonRows(`SELECT ${HOLD_COLUMNS} FROM order_holds WHERE order_id = ord.id ORDER BY placed_at, id`)} AS "holdsPart",
  ${jsonRows(
    `SELECT r.id, ol.line_number AS "lineNumber", s.code AS "skuCode", l.code AS "locationCode", r.quantity, r.status, r.expires_at AS "expiresAt", r.created_at AS "createdAt"
       FROM reservations r JOIN order_lines ol ON ol.id = r.order_line_id JOIN skus s ON s.id = r.sku_id JOIN locations l ON l.id = r.location_id
      WHERE r.order_id = ord.id ORDER BY ol.line_number, r.created_at`,
  )} AS "reservationsPart",
  ${jsonRows(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = ord.id ORDER BY created_at, id`)} AS "paymentsPart",
  ${jsonRows(
    `SELECT id, amount, reason, status, psp_reference AS "pspReference", requested_by AS "requestedBy", created_at AS "createdAt" FROM refunds WHERE order_id = ord.id ORDER BY created_at`,
  )} AS "refundsPart",
  ${jsonRows(
    `SELECT ${SHIPMENT_VIEW_COLUMNS},
            ${jsonRows(
              `SELECT ${SHIPMENT_LINE_COLUMNS} FROM shipment_lines sl JOIN order_lines ol ON ol.id = sl.order_line_id JOIN skus k ON k.id = ol.sku_id
                WHERE sl.shipment_id = s.id ORDER BY ol.line_number`,
            )} AS lines
       FROM shipments s JOIN orders o ON o.id = s.order_id JOIN locations l ON l.id = s.location_id WHERE s.order_id = ord.id ORDER BY s.shipped_at, s.id`,
  )} AS "shipmentsPart",
  ${jsonRows(
    `SELECT r.rma_number AS "rmaNumber", r.status, r.reason, r.received_at AS "receivedAt", r.inspected_at AS "inspectedAt",
            ${jsonRows(
              `SELECT ${RETURN_LINE_COLUMNS} FROM return_lines rl JOIN order_lines ol ON ol.id = rl.order_line_id JOIN skus s ON s.id = rl.sku_id
                WHERE rl.return_id = r.id ORDER BY ol.line_number`,
            )} AS lines
       FROM returns r WHERE r.order_id = ord.id ORDER BY r.created_at`,
  )} AS "returnsPart",
  ${jsonRows(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE order_id = ord.id ORDER BY posted_at, id`)} AS "invoicesPart",
  ${jsonRows(`SELECT ${ATTEMPT_COLUMNS} FROM erp_sync_attempts WHERE order_id = ord.id ORDER BY attempted_at, id`)} AS "erpSyncAttemptsPart",
  ${jsonRows(
    `SELECT channel, previous_promised_date AS "previousPromisedDate", new_promised_date AS "newPromisedDate", sent_by AS "sentBy", sent_at AS "sentAt"
       FROM backorder_notices WHERE order_id = ord.id ORDER BY sent_at`,
  )} AS "backorderNoticesPart",
  ${jsonRows(
    `SELECT channel, previous_promised_date AS "previousPromisedDate", new_promised_date AS "newPromisedDate", sent_by AS "sentBy", sent_at AS "sentAt"
       FROM delay_notices WHERE order_id = ord.id ORDER BY sent_at`,
  )} AS "delayNoticesPart"`;

const orderDetailSql = (byId: boolean): string => `SELECT ord.*, ${PARTS_SQL}
  FROM (SELECT ${ORDER_COLUMNS}, o.fulfilment_priority AS "fulfilmentPriority", o.requested_carrier AS "requestedCarrier",
               o.requested_service_level AS "requestedServiceLevel", o.expedited_at AS "expeditedAt"
          FROM orders o WHERE ${byId ? 'o.id = $1::uuid' : 'o.number = $1'}) ord`;
const ORDER_DETAIL_BY_ID = orderDetailSql(true);
const ORDER_DETAIL_BY_NUMBER = orderDetailSql(false);

type Notice = OrderDetail['backorderNotices'][number];
// Timestamps inside json are strings: these fields become Dates again (every Date field of each part: checked when compiled).
const HOLD_TIMES = timestampKeys<OrderHold>()('placedAt', 'releasedAt');
const RESERVATION_TIMES = timestampKeys<OrderDetail['reservations'][number]>()('expiresAt', 'createdAt');
const PAYMENT_TIMES = timestampKeys<PaymentRecord>()('authorizedAt', 'capturedAt', 'settledAt');
const REFUND_TIMES = timestampKeys<OrderDetail['refunds'][number]>()('createdAt');
const SHIPMENT_TIMES = timestampKeys<ShipmentView>()(
  'promisedDate',
  'estimatedDeliveryAt',
  'shippedAt',
  'deliveredAt',
  'lastCarrierScanAt',
);
const RETURN_TIMES = timestampKeys<OrderDetail['returns'][number]>()('receivedAt', 'inspectedAt');
const RETURN_LINE_TIMES = timestampKeys<ReturnLineRecord>()('dispositionAt');
const INVOICE_TIMES = timestampKeys<InvoiceRecord>()('postedAt', 'dueAt', 'paidAt');
const ATTEMPT_TIMES = timestampKeys<ErpSyncAttempt>()('attemptedAt');
const NOTICE_TIMES = timestampKeys<Notice>()('previousPromisedDate', 'newPromisedDate', 'sentAt');

interface OrderDetailRow extends OrderRecord {
  fulfilmentPriority: OrderDetail['fulfilment']['priority'];
  requestedCarrier: string | null;
  requestedServiceLevel: string | null;
  expeditedAt: Date | null;
  customerPart: OrderDetail['customer'];
  linesPart: OrderLineRecord[];
  holdsPart: unknown[];
  reservationsPart: unknown[];
  paymentsPart: unknown[];
  refundsPart: unknown[];
  shipmentsPart: unknown[];
  returnsPart: Array<{ lines: unknown[] }>;
  invoicesPart: unknown[];
  erpSyncAttemptsPart: unknown[];
  backorderNoticesPart: unknown[];
  delayNoticesPart: unknown[];
}

const each = <T>(rows: unknown[], keys: Parameters<typeof withTimestamps<T>>[1]): T[] => rows.map((row) => withTimestamps<T>(row, keys));

export async function getOrder(tx: Tx, numberOrId: string): Promise<OrderDetail> {
  // Prepared on the embedded database too: planning this statement cost several times running it.
  const result = await tx.query<OrderDetailRow>(isUuid(numberOrId) ? ORDER_DETAIL_BY_ID : ORDER_DETAIL_BY_NUMBER, [numberOrId], {
    prepare: 'everywhere',
  });
  const row = result.rows[0];
  if (!row) throw new NotFoundError('order', numberOrId);
  const {
    fulfilmentPriority,
    requestedCarrier,
    requestedServiceLevel,
    expeditedAt,
    customerPart,
    linesPart,
    holdsPart,
    reservationsPart,
    paymentsPart,
    refundsPart,
    shipmentsPart,
    returnsPart,
    invoicesPart,
    erpSyncAttemptsPart,
    backorderNoticesPart,
    delayNoticesPart,
    ...order
  } = row;
  const lines = linesPart.map((line) => {
    const effectiveUnitPrice = line.overriddenPrice ?? line.unitPrice;
    return { ...line, effectiveUnitPrice, lineTotal: roundMoney(effectiveUnitPrice * line.quantityOrdered) };
  });
  const payments = each<PaymentRecord>(paymentsPart, PAYMENT_TIMES);
  const invoices = each<InvoiceRecord>(invoicesPart, INVOICE_TIMES);
  const live = payments.filter((p) => p.status !== 'voided' && p.status !== 'failed');
  const sum = (values: number[]): number => roundMoney(values.reduce((a, b) => a + b, 0));
  return {
    ...order,
    customer: customerPart,
    lines,
    holds: each<OrderHold>(holdsPart, HOLD_TIMES),
    reservations: each<OrderDetail['reservations'][number]>(reservationsPart, RESERVATION_TIMES),
    payments,
    refunds: each<OrderDetail['refunds'][number]>(refundsPart, REFUND_TIMES),
    shipments: each<ShipmentView>(shipmentsPart, SHIPMENT_TIMES),
    returns: returnsPart.map((entry) => {
      const lines = each<ReturnLineRecord>(entry.lines, RETURN_LINE_TIMES);
      return { ...withTimestamps<OrderDetail['returns'][number]>(entry, RETURN_TIMES), lines };
    }),
    invoices,
    erpSyncAttempts: each<ErpSyncAttempt>(erpSyncAttemptsPart, ATTEMPT_TIMES),
    backorderNotices: each<Notice>(backorderNoticesPart, NOTICE_TIMES),
    delayNotices: each<Notice>(delayNoticesPart, NOTICE_TIMES),
    fulfilment: { priority: fulfilmentPriority, requestedCarrier, requestedServiceLevel, expeditedAt },
    money: {
      total: order.total,
      authorized: sum(live.map((p) => p.amountAuthorized)),
      captured: sum(live.map((p) => p.amountCaptured)),
      refunded: sum(live.map((p) => p.amountRefunded)),
      invoiced: sum(invoices.filter((i) => i.status !== 'void').map((i) => i.amount)),
    },
  };
}
