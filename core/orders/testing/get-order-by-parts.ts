/**
 * The order read as it was before it became one statement (session 9): each part read by its owner's
 * own function or statement, one after another (14 statements and one per shipment and return).
 * Kept as the reference get-order.test.ts compares the one-statement read with.
 */
import type { Tx } from '../../db/database.ts';
import { listErpSyncAttempts } from '../../erp/erp-sync.ts';
import { INVOICE_COLUMNS, type InvoiceRecord } from '../../invoices/invoices.ts';
import { PAYMENT_COLUMNS, type PaymentRecord } from '../../payments/payments.ts';
import { loadReturnLines } from '../../returns/return-record.ts';
import { SHIPMENT_VIEW_COLUMNS, shipmentLines, type ShipmentView } from '../../shipments/get-shipment.ts';
import { listOrderHolds } from '../order-holds.ts';
import { loadOrderLines, requireOrder } from '../order-record.ts';
import { roundMoney } from '../../domain/money.ts';

import type { OrderDetail } from '../get-order.ts';

export async function getOrderByParts(tx: Tx, numberOrId: string): Promise<OrderDetail> {
  const order = await requireOrder(tx, numberOrId);
  const customer = order.customerId
    ? ((
        await tx.query<NonNullable<OrderDetail['customer']>>(
          `SELECT code, name, tier, payment_terms AS "paymentTerms", credit_status AS "creditStatus" FROM customers WHERE id = $1`,
          [order.customerId],
        )
      ).rows[0] ?? null)
    : null;
  const lines = (await loadOrderLines(tx, order.id)).map((line) => {
    const effectiveUnitPrice = line.overriddenPrice ?? line.unitPrice;
    return { ...line, effectiveUnitPrice, lineTotal: roundMoney(effectiveUnitPrice * line.quantityOrdered) };
  });
  const reservations = await tx.query<OrderDetail['reservations'][number]>(
    `SELECT r.id, ol.line_number AS "lineNumber", s.code AS "skuCode", l.code AS "locationCode", r.quantity, r.status, r.expires_at AS "expiresAt", r.created_at AS "createdAt"
       FROM reservations r JOIN order_lines ol ON ol.id = r.order_line_id JOIN skus s ON s.id = r.sku_id JOIN locations l ON l.id = r.location_id
      WHERE r.order_id = $1 ORDER BY ol.line_number, r.created_at`,
    [order.id],
  );
  const payments = await tx.query<PaymentRecord>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = $1 ORDER BY created_at, id`, [
    order.id,
  ]);
  const refunds = await tx.query<OrderDetail['refunds'][number]>(
    `SELECT id, amount, reason, status, psp_reference AS "pspReference", requested_by AS "requestedBy", created_at AS "createdAt" FROM refunds WHERE order_id = $1 ORDER BY created_at`,
    [order.id],
  );
  const shipmentRows = await tx.query<Omit<ShipmentView, 'lines'>>(
    `SELECT ${SHIPMENT_VIEW_COLUMNS} FROM shipments s JOIN orders o ON o.id = s.order_id JOIN locations l ON l.id = s.location_id WHERE s.order_id = $1 ORDER BY s.shipped_at, s.id`,
    [order.id],
  );
  const shipments: ShipmentView[] = [];
  for (const shipment of shipmentRows.rows) shipments.push({ ...shipment, lines: await shipmentLines(tx, shipment.id) });
  const returnRows = await tx.query<{
    id: string;
    rmaNumber: string;
    status: string;
    reason: string | null;
    receivedAt: Date | null;
    inspectedAt: Date | null;
  }>(
    `SELECT id, rma_number AS "rmaNumber", status, reason, received_at AS "receivedAt", inspected_at AS "inspectedAt" FROM returns WHERE order_id = $1 ORDER BY created_at`,
    [order.id],
  );
  const returns: OrderDetail['returns'] = [];
  for (const { id, ...rest } of returnRows.rows) returns.push({ ...rest, lines: await loadReturnLines(tx, id) });
  const invoices = await tx.query<InvoiceRecord>(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE order_id = $1 ORDER BY posted_at, id`, [
    order.id,
  ]);
  const notices = await tx.query<OrderDetail['backorderNotices'][number]>(
    `SELECT channel, previous_promised_date AS "previousPromisedDate", new_promised_date AS "newPromisedDate", sent_by AS "sentBy", sent_at AS "sentAt"
       FROM backorder_notices WHERE order_id = $1 ORDER BY sent_at`,
    [order.id],
  );
  const delayNotices = await tx.query<OrderDetail['delayNotices'][number]>(
    `SELECT channel, previous_promised_date AS "previousPromisedDate", new_promised_date AS "newPromisedDate", sent_by AS "sentBy", sent_at AS "sentAt"
       FROM delay_notices WHERE order_id = $1 ORDER BY sent_at`,
    [order.id],
  );
  const fulfilment = await tx.query<OrderDetail['fulfilment']>(
    `SELECT fulfilment_priority AS priority, requested_carrier AS "requestedCarrier", requested_service_level AS "requestedServiceLevel",
            expedited_at AS "expeditedAt"
       FROM orders WHERE id = $1`,
    [order.id],
  );
  const live = payments.rows.filter((p) => p.status !== 'voided' && p.status !== 'failed');
  const sum = (values: number[]): number => roundMoney(values.reduce((a, b) => a + b, 0));
  return {
    ...order,
    customer,
    lines,
    holds: await listOrderHolds(tx, order.id),
    reservations: reservations.rows,
    payments: payments.rows,
    refunds: refunds.rows,
    shipments,
    returns,
    invoices: invoices.rows,
    erpSyncAttempts: await listErpSyncAttempts(tx, order.id),
    backorderNotices: notices.rows,
    delayNotices: delayNotices.rows,
    fulfilment: fulfilment.rows[0]!,
    money: {
      total: order.total,
      authorized: sum(live.map((p) => p.amountAuthorized)),
      captured: sum(live.map((p) => p.amountCaptured)),
      refunded: sum(live.map((p) => p.amountRefunded)),
      invoiced: sum(invoices.rows.filter((i) => i.status !== 'void').map((i) => i.amount)),
    },
  };
}
