/**
 * "Which orders are at risk?" answered with orders, not exception titles: the orders the live exceptions
 * name, and the open orders behind an exception about a SKU (a stock conflict or a stockout names the SKU
 * and its location, not the orders waiting for it — search_orders finds those). Orders are listed with
 * why they are at risk, the causes of a late shipment first.
 */
import type { ToolExchange } from './conversation.ts';
import { toolCitation } from './describe-result.ts';
import { isRecord } from './result-reading.ts';

/** Exception types that make an order ship late, most direct first; any other live exception ranks after them. */
const LATENESS_RANK = [
  'late_shipment_risk',
  'shipment_delayed',
  'stock_conflict',
  'backorder_aging',
  'stockout_risk',
  'erp_sync_failed',
  'credit_hold',
  'address_validation_failed',
  'payment_mismatch',
  'duplicate_order',
];
/** Types that are about a SKU at a location; the orders behind them are found by SKU. */
const SKU_TYPES = new Set(['stock_conflict', 'stockout_risk']);
/** Statuses of orders that have left or stopped: not at risk of shipping late any more. */
const DONE = new Set(['shipped', 'delivered', 'invoiced', 'closed', 'cancelled']);

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const rank = (type: string): number => (LATENESS_RANK.includes(type) ? LATENESS_RANK.indexOf(type) : LATENESS_RANK.length);

interface LiveException {
  type: string;
  title: string;
  order?: string;
  sku?: string;
  location?: string;
}

function liveExceptions(exchanges: readonly ToolExchange[]): Array<LiveException & { exchange: ToolExchange }> {
  const found: Array<LiveException & { exchange: ToolExchange }> = [];
  for (const exchange of exchanges) {
    if (exchange.name !== 'list_exceptions' || exchange.outcome?.status !== 'ok' || !isRecord(exchange.outcome.result)) continue;
    const items = exchange.outcome.result.exceptions;
    for (const item of Array.isArray(items) ? items.filter(isRecord) : []) {
      const entities = isRecord(item.entities) ? item.entities : {};
      const type = text(item.type);
      if (!type) continue;
      found.push({
        type,
        title: text(item.title) ?? type,
        ...(text(entities.orderNumber) ? { order: text(entities.orderNumber)! } : {}),
        ...(text(entities.skuCode) ? { sku: text(entities.skuCode)! } : {}),
        ...(text(entities.locationCode) ? { location: text(entities.locationCode)! } : {}),
        exchange,
      });
    }
  }
  return found;
}

/** The SKUs whose exceptions name no order: the planner looks up the open orders behind each. */
export function skusBehindExceptions(exchanges: readonly ToolExchange[], limit = 3): string[] {
  const skus = liveExceptions(exchanges)
    .filter((exception) => SKU_TYPES.has(exception.type) && exception.sku && !exception.order)
    .sort((a, b) => rank(a.type) - rank(b.type))
    .map((exception) => exception.sku!);
  return [...new Set(skus)].slice(0, limit);
}

/** One line naming the orders at risk and why, with citations; undefined when no exception was read. */
export function atRiskOrdersLine(exchanges: readonly ToolExchange[], limit = 8): string | undefined {
  const exceptions = liveExceptions(exchanges);
  if (!exceptions.length) return undefined;
  const orders = new Map<string, { rank: number; why: string; cite: string }>();
  const add = (order: string, at: number, why: string, cite: string): void => {
    const known = orders.get(order);
    if (!known || at < known.rank) orders.set(order, { rank: at, why, cite });
  };
  for (const exception of exceptions) {
    if (exception.order)
      add(exception.order, rank(exception.type), `${exception.type}: ${exception.title}`, toolCitation(exception.exchange));
  }
  for (const exchange of exchanges) {
    if (exchange.name !== 'search_orders' || exchange.outcome?.status !== 'ok' || !isRecord(exchange.outcome.result)) continue;
    const sku = text(exchange.args.sku);
    const behind = exceptions.find((exception) => exception.sku === sku && SKU_TYPES.has(exception.type));
    if (!sku || !behind) continue;
    const found = exchange.outcome.result.orders;
    for (const order of Array.isArray(found) ? found.filter(isRecord) : []) {
      const number = text(order.orderNumber);
      if (!number || DONE.has(String(order.status))) continue;
      const where = behind.location ? ` at ${behind.location}` : '';
      add(
        number,
        rank(behind.type),
        `waiting for ${sku} (${behind.type}${where}: ${behind.title}; order status ${String(order.status).replace(/_/g, ' ')})`,
        `${toolCitation(behind.exchange)} ${toolCitation(exchange)}`.trim(),
      );
    }
  }
  if (!orders.size) return undefined;
  const listed = [...orders.entries()].sort((a, b) => a[1].rank - b[1].rank);
  const shown = listed.slice(0, limit).map(([order, { why }]) => `${order} — ${why}`);
  const citations = [...new Set(listed.slice(0, limit).flatMap(([, { cite }]) => cite.split(' ')))].join(' ');
  const more = listed.length > limit ? `; and ${listed.length - limit} more` : '';
  return `Orders at risk (${listed.length}), the likeliest to ship late first: ${shown.join('; ')}${more}. ${citations}`;
}
