/**
 * Sentences for the records the catalog's read tools return (order, inventory, shipment, customer,
 * return, exception, lists, KPIs). Each states only fields present in the result; the generic
 * describer covers anything else.
 */
import { formatValue } from './describe-result.ts';
import { isRecord } from './result-reading.ts';

type Describe = (result: Record<string, unknown>) => string | undefined;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const money = (value: unknown, currency?: unknown): string | undefined => {
  const amount = num(value);
  return amount === undefined ? undefined : `${amount.toFixed(2)}${str(currency) ? ` ${String(currency)}` : ''}`;
};
const date = (value: unknown): string | undefined => (str(value) ? formatValue(value) : undefined);
const join = (parts: Array<string | undefined | false>): string => parts.filter(Boolean).join(', ');

const order: Describe = (result) => {
  const lines = list(result.lines).map((line) =>
    join([
      `line ${String(line.lineNumber)}: ${String(line.quantity)} × ${String(line.sku)}`,
      str(line.location) && `at ${String(line.location)}`,
      num(line.reserved) ? `${String(line.reserved)} reserved` : undefined,
      num(line.backordered) ? `${String(line.backordered)} backordered` : undefined,
      num(line.shipped) ? `${String(line.shipped)} shipped` : undefined,
    ]),
  );
  const payment = isRecord(result.payment) ? result.payment : {};
  const totals = isRecord(result.totals) ? result.totals : {};
  const erp = isRecord(result.erp) ? result.erp : {};
  const holds = list(result.holds).map((hold) => String(hold.reasonCode));
  return join([
    `Order ${String(result.orderNumber)} has status ${String(result.status)}`,
    str(result.heldFromStatus) && `held from ${String(result.heldFromStatus)}`,
    holds.length ? `holds: ${holds.join(', ')}` : undefined,
    str(result.customerName) && `customer ${String(result.customerName)}${str(result.customer) ? ` (${String(result.customer)})` : ''}`,
    money(totals.total, result.currency) && `total ${money(totals.total, result.currency)}`,
    money(payment.captured) && `captured ${money(payment.captured)}`,
    num(payment.refunded) ? `refunded ${money(payment.refunded)}` : undefined,
    date(result.promisedDate) && `ship-by ${date(result.promisedDate)}`,
    str(result.addressStatus) && result.addressStatus !== 'valid'
      ? `address ${String(result.addressStatus)}${str(result.addressIssue) ? ` (${String(result.addressIssue)})` : ''}`
      : undefined,
    str(erp.status) && `ERP ${String(erp.status)}${str(erp.lastError) ? ` (${String(erp.lastError)})` : ''}`,
    lines.length ? `${lines.join('; ')}` : undefined,
  ]);
};

const inventory: Describe = (result) => {
  const sku = isRecord(result.sku) ? str(result.sku.code) : undefined;
  const locations = list(result.locations).map(
    (row) =>
      `${String(row.locationCode)} ${row.ats === null ? 'not sellable' : `ATS ${String(row.ats)}`} (available ${String(row.available)}${num(row.allocated) ? `, allocated ${String(row.allocated)}` : ''})`,
  );
  const inbound = list(result.inboundPurchaseOrders).map(
    (po) => `${String(po.poNumber)} ${String(po.openQuantity)} due ${date(po.expectedAt) ?? 'unconfirmed'}`,
  );
  const expired = list(result.reservations).filter((reservation) => reservation.expired === true).length;
  return join([
    // A negative figure is a count of units sold that do not exist: say so in words, not only as "-1".
    typeof result.ats === 'number' && result.ats < 0
      ? `${sku ?? 'The SKU'} has none available to sell across the network (oversold by ${String(-result.ats)}, ATS ${String(result.ats)})`
      : `${sku ?? 'The SKU'} has ${String(result.ats)} available to sell across the network`,
    locations.length ? `by location: ${locations.join('; ')}` : undefined,
    inbound.length ? `inbound POs: ${inbound.join('; ')}` : 'no inbound purchase orders',
    expired ? `${expired} expired reservation(s) still holding stock` : undefined,
  ]);
};

const shipment: Describe = (result) =>
  join([
    `Shipment ${String(result.shipmentId)} of order ${String(result.orderNumber)} is ${String(result.status)}`,
    str(result.carrier) && `carrier ${String(result.carrier)}${str(result.serviceLevel) ? ` ${String(result.serviceLevel)}` : ''}`,
    str(result.trackingNumber) && `tracking ${String(result.trackingNumber)}`,
    date(result.shippedAt) && `shipped ${date(result.shippedAt)}`,
    date(result.estimatedDeliveryAt) && `estimated delivery ${date(result.estimatedDeliveryAt)}`,
    date(result.deliveredAt) && `delivered ${date(result.deliveredAt)}`,
    num(result.hoursSinceLastScan) !== undefined && `last carrier scan ${String(result.hoursSinceLastScan)} hours ago`,
    str(result.exceptionCode) && `carrier exception ${String(result.exceptionCode)}`,
  ]);

const customer: Describe = (result) =>
  join([
    `Customer ${String(result.customer)}${str(result.name) ? ` (${String(result.name)})` : ''}`,
    str(result.tier) && `tier ${String(result.tier)}`,
    str(result.paymentTerms) && `terms ${String(result.paymentTerms)}`,
    result.creditLimit === null
      ? 'no credit line'
      : money(result.creditLimit, result.currency) && `credit limit ${money(result.creditLimit, result.currency)}`,
    money(result.exposure) && `exposure ${money(result.exposure)}`,
    num(result.creditAvailable) !== undefined && `available ${money(result.creditAvailable)}`,
    num(result.oldestPastDueDays) ? `oldest invoice ${String(result.oldestPastDueDays)} days past due` : undefined,
    str(result.creditStatus) && `credit status ${String(result.creditStatus)}`,
    openOrders(result),
  ]);

/** The customer's open orders as the record lists them ("what's open for …" is answered by this part). */
function openOrders(result: Record<string, unknown>): string | undefined {
  const orders = list(result.openOrders);
  if (!orders.length) return Array.isArray(result.openOrders) ? 'no open orders' : undefined;
  const named = orders.slice(0, 6).map(
    (order) =>
      // "status released", never a bare "released" opening a clause: the answer guard reads that as a claim.
      `${String(order.orderNumber)} (${money(order.total) ? `${money(order.total)}, ` : ''}status ${String(order.status).replace(/_/g, ' ')}${str(order.holdReason) ? ` with hold ${String(order.holdReason)}` : ''})`,
  );
  const more = orders.length > 6 || result.openOrdersTruncated === true ? ' and more' : '';
  return `open orders: ${named.join(', ')}${more}`;
}

const returned: Describe = (result) => {
  const lines = list(result.lines).map(
    (line) =>
      `${String(line.quantityReceived ?? line.quantity)} × ${String(line.sku)} grade ${String(line.grade ?? 'not graded')}${str(line.disposition) ? ` → ${String(line.disposition)}` : ''}`,
  );
  return join([
    `Return ${String(result.rmaNumber)} of order ${String(result.orderNumber)} is ${String(result.status)}`,
    str(result.locationCode) && `at ${String(result.locationCode)}`,
    date(result.receivedAt) && `received ${date(result.receivedAt)}`,
    num(result.hoursAwaitingDisposition) !== undefined && `${String(result.hoursAwaitingDisposition)} hours awaiting disposition`,
    lines.length ? lines.join('; ') : undefined,
  ]);
};

const exception: Describe = (result) =>
  join([
    `Exception ${String(result.type)} (${String(result.severity)}, ${String(result.status)}): ${String(result.title)}`,
    date(result.slaDueAt) && `SLA due ${date(result.slaDueAt)}${result.slaBreached === true ? ' (breached)' : ''}`,
  ]);

const exceptions: Describe = (result) => {
  const items = list(result.exceptions);
  if (!items.length) return 'No matching exceptions';
  // The order (or SKU) each is about, when its title does not say: "which orders are at risk?" asks for those.
  const about = (item: Record<string, unknown>): string => {
    const entities = isRecord(item.entities) ? item.entities : {};
    const code = str(entities.orderNumber) ?? str(entities.skuCode);
    return code && !String(item.title).includes(code) ? ` [${str(entities.orderNumber) ? 'order' : 'SKU'} ${code}]` : '';
  };
  const shown = items
    .slice(0, 5)
    .map((item) => `${String(item.type)} (${String(item.severity)}, ${String(item.status)}): ${String(item.title)}${about(item)}`);
  return `${String(result.count ?? items.length)} exception(s)${result.more === true ? ' or more' : ''}: ${shown.join('; ')}`;
};

const orders: Describe = (result) => {
  const items = list(result.orders);
  if (!items.length) return 'No matching orders';
  const shown = items
    .slice(0, 5)
    .map((item) => `${String(item.orderNumber)} (${String(item.status)}, ${money(item.total, item.currency) ?? ''})`);
  return `${String(result.count ?? items.length)} order(s): ${shown.join('; ')}`;
};

const timeline: Describe = (result) => {
  const events = list(result.events)
    .slice(-5)
    .map((event) =>
      `${date(event.occurredAt) ?? ''} ${String(event.type)}${str(event.toStatus) ? ` → ${String(event.toStatus)}` : ''}`.trim(),
    );
  return `Order ${String(result.orderNumber)} has ${String(result.totalEvents ?? events.length)} events; latest: ${events.join('; ')}`;
};

const kpis: Describe = (result) => {
  const rate = (value: unknown): string | undefined =>
    isRecord(value) && num(value.rate) !== undefined ? `${(Number(value.rate) * 100).toFixed(1)}%` : undefined;
  const release = isRecord(result.orderReleaseTime) ? result.orderReleaseTime : {};
  const open = isRecord(result.openExceptions) ? result.openExceptions : {};
  const window = isRecord(result.window) ? result.window : {};
  return join([
    `KPIs for the last ${String(window.days ?? '?')} days`,
    num(release.averageHours) !== undefined && `order release time ${Number(release.averageHours).toFixed(1)} h average`,
    rate(result.backorderRate) && `backorder rate ${rate(result.backorderRate)}`,
    rate(result.perfectOrderRate) && `perfect order rate ${rate(result.perfectOrderRate)}`,
    num(open.total) !== undefined && `${String(open.total)} live exceptions`,
    rate(result.exceptionSlaBreachRate) && `SLA breach rate ${rate(result.exceptionSlaBreachRate)}`,
  ]);
};

export const RECORD_DESCRIBERS: Record<string, Describe> = {
  get_order: order,
  get_inventory: inventory,
  get_shipment: shipment,
  get_customer: customer,
  get_return: returned,
  get_exception: exception,
  list_exceptions: exceptions,
  search_orders: orders,
  order_timeline: timeline,
  get_kpis: kpis,
};
