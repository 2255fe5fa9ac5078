/** Read model of a customer: terms, credit line, exposure and what is left of it. */
import type { Tx } from '../db/database.ts';
import { roundMoney } from '../domain/money.ts';
import { getCreditExposure, type CreditExposure } from './credit-exposure.ts';
import { requireCustomer, type Customer } from './customers.ts';

export interface CustomerView extends Customer {
  exposure: CreditExposure;
  /** credit_limit − exposure; null without a credit line. Negative = over the limit. */
  creditAvailable: number | null;
  /** exposure / limit in percent; null without a credit line. */
  creditUtilizationPercent: number | null;
  openOrders: Array<{ number: string; status: string; total: number; placedAt: Date; holdReason: string | null }>;
}

export async function getCustomer(tx: Tx, codeOrId: string, now: Date = new Date()): Promise<CustomerView> {
  const customer = await requireCustomer(tx, codeOrId);
  const exposure = await getCreditExposure(tx, customer.id, now);
  const open = await tx.query<CustomerView['openOrders'][number]>(
    `SELECT number, status, total, placed_at AS "placedAt", hold_reason AS "holdReason" FROM orders
      WHERE customer_id = $1 AND status NOT IN ('closed', 'cancelled', 'invoiced') ORDER BY placed_at DESC LIMIT 25`,
    [customer.id],
  );
  const limit = customer.creditLimit;
  return {
    ...customer,
    exposure,
    creditAvailable: limit === null ? null : roundMoney(limit - exposure.total),
    creditUtilizationPercent:
      limit === null ? null : limit === 0 ? (exposure.total > 0 ? 100 : 0) : roundMoney((exposure.total / limit) * 100),
    openOrders: open.rows,
  };
}
