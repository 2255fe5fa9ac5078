/** Whether an order's payment allows it to ship: account terms, or an authorisation covering the total. */
import { shipsOnCredit, type PaymentTerms } from '../customers/customers.ts';
import type { Tx } from '../db/database.ts';
import type { OrderRecord } from './order-record.ts';

export interface PaymentReadiness {
  ready: boolean;
  reason: 'account_terms' | 'authorized' | 'awaiting_payment';
  authorized: number;
  captured: number;
}

export async function paymentReadiness(tx: Tx, order: Pick<OrderRecord, 'id' | 'customerId' | 'total'>): Promise<PaymentReadiness> {
  const sums = await tx.query<{ authorized: number; captured: number }>(
    `SELECT coalesce(sum(greatest(amount_authorized, amount_captured)), 0)::float8 AS authorized, coalesce(sum(amount_captured), 0)::float8 AS captured
       FROM payments WHERE order_id = $1 AND status NOT IN ('voided', 'failed')`,
    [order.id],
  );
  const { authorized, captured } = sums.rows[0]!;
  if (order.customerId) {
    const terms = await tx.query<{ terms: PaymentTerms }>('SELECT payment_terms AS terms FROM customers WHERE id = $1', [order.customerId]);
    if (terms.rows[0] && shipsOnCredit(terms.rows[0].terms)) return { ready: true, reason: 'account_terms', authorized, captured };
  }
  // Half a cent of tolerance: amounts are two-decimal values summed as floats.
  if (authorized + 0.005 >= order.total) return { ready: true, reason: 'authorized', authorized, captured };
  return { ready: false, reason: 'awaiting_payment', authorized, captured };
}

/** paymentReadiness for many orders in one statement (the same sums and terms), by order id. */
export async function paymentReadinessOfOrders(
  tx: Tx,
  orders: ReadonlyArray<Pick<OrderRecord, 'id' | 'total'>>,
): Promise<Map<string, PaymentReadiness>> {
  const readiness = new Map<string, PaymentReadiness>();
  if (orders.length === 0) return readiness;
  const sums = await tx.query<{ id: string; authorized: number; captured: number; terms: PaymentTerms | null }>(
    `SELECT o.id, coalesce(sum(greatest(p.amount_authorized, p.amount_captured)), 0)::float8 AS authorized,
            coalesce(sum(p.amount_captured), 0)::float8 AS captured, c.payment_terms AS terms
       FROM orders o
       LEFT JOIN payments p ON p.order_id = o.id AND p.order_id = ANY($1::uuid[]) AND p.status NOT IN ('voided', 'failed')
       LEFT JOIN customers c ON c.id = o.customer_id
      WHERE o.id = ANY($1::uuid[])
      GROUP BY o.id, c.payment_terms`,
    [orders.map((order) => order.id)],
  );
  const byId = new Map(sums.rows.map((row) => [row.id, row]));
  for (const order of orders) {
    const { authorized = 0, captured = 0, terms = null } = byId.get(order.id) ?? {};
    if (terms && shipsOnCredit(terms)) readiness.set(order.id, { ready: true, reason: 'account_terms', authorized, captured });
    else if (authorized + 0.005 >= order.total) readiness.set(order.id, { ready: true, reason: 'authorized', authorized, captured });
    else readiness.set(order.id, { ready: false, reason: 'awaiting_payment', authorized, captured });
  }
  return readiness;
}
