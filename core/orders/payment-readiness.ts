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
