/**
 * Orders a rep names by their customer rather than by number: "kovač's order" (the customer's one open
 * order), "wójcik's helmet order", "her order, the one with the kask" (the one order of that customer with
 * a line of the product named, found with search_orders by customer and SKU in any status).
 */
import type { PlannerContext } from './planner-types.ts';
import { isRecord, resultsOf } from './result-reading.ts';

type Exchanges = PlannerContext['conversation']['exchanges'];

/**
 * The order a rep names by its customer ("the erp sync for kovač's order", "Medena's order"): the word
 * "order" in the singular and a customer whose record, read in this turn, shows exactly one open order;
 * with a product named too ("wójcik's helmet order", "her order, the one with the kask"), the one order of
 * that customer with a line of that product (search_orders by customer and SKU, any status).
 */
export function customersOrder(
  exchanges: Exchanges,
  customer: string | undefined,
  sku: string | undefined,
  text: string,
): string | undefined {
  if (!customer || !/\border\b/i.test(text)) return undefined;
  if (sku) {
    const searched = searchedOrders(exchanges, customer, sku);
    if (searched) return searched.length === 1 ? searched[0] : undefined;
  }
  return customersOnlyOrder(exchanges, customer);
}

/** The order numbers search_orders found for a customer and a SKU in this turn; undefined when not searched. */
function searchedOrders(exchanges: Exchanges, customer: string, sku: string): string[] | undefined {
  const done = exchanges.find(
    (exchange) =>
      exchange.name === 'search_orders' &&
      exchange.args.customer === customer &&
      exchange.args.sku === sku &&
      exchange.outcome?.status === 'ok',
  );
  if (!done || !isRecord(done.outcome?.result) || !Array.isArray(done.outcome.result.orders)) return undefined;
  return done.outcome.result.orders.filter(isRecord).flatMap((order) => (typeof order.orderNumber === 'string' ? [order.orderNumber] : []));
}

function customersOnlyOrder(exchanges: Exchanges, customer: string): string | undefined {
  const record = resultsOf(exchanges, 'get_customer')
    .filter((result) => isRecord(result) && Object.values(result).includes(customer))
    .at(-1);
  const open = isRecord(record) && Array.isArray(record.openOrders) ? record.openOrders.filter(isRecord) : [];
  return open.length === 1 && typeof open[0]!.orderNumber === 'string' ? open[0]!.orderNumber : undefined;
}
