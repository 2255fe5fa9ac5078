/**
 * The facts every order-related write reports to the policy, under the names policy conditions use:
 * orderNumber, orderStatus, orderValue, currency, channel, customerCode, customerTier, creditStatus,
 * paymentTerms. Values are the core's own vocabulary (creditStatus is `ok` or `on_hold`).
 */
import type { Tx } from '../../core/db/database.ts';
import { findCustomer, type Customer } from '../../core/customers/index.ts';
import { requireOrder, type OrderRecord } from '../../core/orders/index.ts';
import type { ToolFacts } from '../tool.ts';

export interface OrderFacts {
  order: OrderRecord;
  customer: Customer | undefined;
  facts: ToolFacts;
}

/** By order number (what callers pass) or id (when a reservation or return leads to the order). */
export async function loadOrderFacts(tx: Tx, orderNumberOrId: string): Promise<OrderFacts> {
  const order = await requireOrder(tx, orderNumberOrId);
  const customer = order.customerId ? await findCustomer(tx, order.customerId) : undefined;
  return { order, customer, facts: { ...orderOnlyFacts(order), ...customerFacts(customer) } };
}

export function orderOnlyFacts(order: OrderRecord): ToolFacts {
  return {
    orderNumber: order.number,
    orderStatus: order.status,
    orderValue: order.total,
    currency: order.currency,
    channel: order.channel,
  };
}

export function customerFacts(customer: Customer | undefined): ToolFacts {
  return {
    customerCode: customer?.code ?? null,
    customerTier: customer?.tier ?? null,
    creditStatus: customer?.creditStatus ?? null,
    paymentTerms: customer?.paymentTerms ?? null,
  };
}
