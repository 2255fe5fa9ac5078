/**
 * Set-based order capture for a run of new orders (a slice of `order.created` events): the same
 * result as createOrder + progressOrder once per order — the order, its lines, customers created on
 * the fly, validation, allocation (one location that ships a line complete, in priority order, else
 * split; the rest backordered), release when payment allows, every order event in the same order —
 * in about a dozen statements for the whole run instead of about forty per order.
 *
 * Only the common case is taken here; the first order that needs more stops the run and is left to
 * the one-by-one path (the caller applies it, then offers the rest again): an order number that
 * exists, an unknown SKU or customer (their errors come from there), a kit line (components), a
 * customer on credit hold or with a credit line on account terms (holds, exposure), SKU or customer
 * references given as ids.
 */
import { randomUUID } from 'node:crypto';
import { listLocations } from '../catalog/locations.ts';
import { findSkusByCodes } from '../catalog/skus.ts';
import {
  type Customer,
  type CustomerInput,
  customerInputSchema,
  findCustomersByCodes,
  shipsOnCredit,
  upsertCustomers,
} from '../customers/customers.ts';
import type { Tx } from '../db/database.ts';
import { type ChangeContext, resolveContext } from '../domain/change-context.ts';
import { moneyEquals, roundMoney } from '../domain/money.ts';
import { isUuid } from '../domain/references.ts';
import { type BulkReservation, lockAvailableStock, recordReservations, stockKey } from '../inventory/reserve-stock-in-bulk.ts';
import { PAYMENT_PENDING_RESERVATION_HOURS } from './allocate-order.ts';
import { type CreateOrderInput, createOrderInputSchema } from './create-order.ts';
import type { OrderEventType } from './order-events.ts';

export interface OrderCapture {
  input: CreateOrderInput;
  context: ChangeContext;
}

export interface CapturedOrder {
  orderId: string;
  customerId: string;
  skuIds: string[];
}

interface OrderEventRow {
  order_id: string;
  type: OrderEventType;
  from_status: string | null;
  to_status: string | null;
  actor: string;
  event_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Captures and progresses the longest prefix of these new orders that the set-based path takes;
 * returns one entry per captured order (possibly none), in order.
 */
export async function captureOrders(tx: Tx, captures: readonly OrderCapture[]): Promise<CapturedOrder[]> {
  const parsed = [];
  for (const capture of captures) {
    const request = createOrderInputSchema.safeParse(capture.input);
    if (!request.success || isUuid(request.data.customer) || request.data.lines.some((line) => isUuid(line.sku))) break;
    parsed.push({ request: request.data, context: resolveContext(capture.context) });
  }
  if (parsed.length === 0) return [];

  const numbers = parsed.map(({ request }) => request.orderNumber);
  const existing = await tx.query<{ number: string }>('SELECT number FROM orders WHERE number = ANY($1::text[])', [numbers]);
  const customers = await findCustomersByCodes(
    tx,
    parsed.map(({ request }) => request.customer),
  );
  const skus = await findSkusByCodes(
    tx,
    parsed.flatMap(({ request }) => request.lines.map((line) => line.sku)),
  );

  const taken = new Set(existing.rows.map((row) => row.number));
  const newCustomers = new Map<string, CustomerInput>();
  let count = 0;
  for (const { request } of parsed) {
    if (taken.has(request.orderNumber)) break;
    if (request.lines.some((line) => !skus.get(line.sku) || skus.get(line.sku)!.isKit)) break;
    const customer = customers.get(request.customer);
    if (customer) {
      if (customer.creditStatus === 'on_hold' || (customer.creditLimit !== null && shipsOnCredit(customer.paymentTerms))) break;
    } else if (!newCustomers.has(request.customer)) {
      if (!request.customerName) break;
      const input: CustomerInput = {
        code: request.customer,
        name: request.customerName,
        email: request.customerEmail,
        currency: request.currency,
      };
      if (!customerInputSchema.safeParse(input).success) break;
      newCustomers.set(request.customer, input);
    }
    taken.add(request.orderNumber);
    count += 1;
  }
  const run = parsed.slice(0, count);
  if (run.length === 0) return [];

  for (const [code, customer] of await upsertCustomers(tx, [...newCustomers.values()])) customers.set(code, customer);
  const locations = (await listLocations(tx)).filter((location) => location.active && location.fulfillsOrders);
  const skuIds = [...new Set(run.flatMap(({ request }) => request.lines.map((line) => skus.get(line.sku)!.id)))];
  const stock = await lockAvailableStock(
    tx,
    skuIds,
    locations.map((location) => location.id),
  );

  const orders = [];
  const lines = [];
  const events: OrderEventRow[] = [];
  const reservations: BulkReservation[] = [];
  const captured: CapturedOrder[] = [];
  for (const { request, context } of run) {
    const { actor, at, eventId } = context;
    const customer = customers.get(request.customer) as Customer;
    const orderId = randomUUID();
    const event = (type: OrderEventType, data: Record<string, unknown>, fromStatus: string | null = null, toStatus: string | null = null) =>
      events.push({
        order_id: orderId,
        type,
        from_status: fromStatus,
        to_status: toStatus,
        actor,
        event_id: eventId,
        data,
        occurred_at: at,
      });

    const subtotal = roundMoney(request.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0));
    const computedTotal = roundMoney(subtotal - request.discountTotal + request.shippingTotal + request.taxTotal);
    const total = request.total ?? computedTotal;
    event(
      'order_captured',
      {
        channel: request.channel,
        customer: customer.code,
        total,
        lines: request.lines.length,
        ...(moneyEquals(total, computedTotal) ? {} : { computedTotal }),
      },
      null,
      'captured',
    );
    // A new order has no holds and no payments: validation passes (the customer was checked above),
    // and payment allows release on account terms or when there is nothing to pay.
    event('status_changed', {}, 'captured', 'validated');
    const payment = shipsOnCredit(customer.paymentTerms) ? 'account_terms' : 0.005 >= total ? 'authorized' : undefined;
    const expiresAt = payment ? null : new Date(at.getTime() + PAYMENT_PENDING_RESERVATION_HOURS * 3_600_000);

    const reserved: Array<{ lineNumber: number; locationCode: string; quantity: number }> = [];
    const backordered: Array<{ lineNumber: number; skuCode: string; quantity: number }> = [];
    const orderLines = request.lines.map((line, index) => {
      const sku = skus.get(line.sku)!;
      const lineNumber = index + 1;
      const lineId = randomUUID();
      let open = line.quantity;
      const possible = (locationId: string) => Math.max(stock.get(stockKey(sku.id, locationId)) ?? 0, 0);
      const complete = locations.find((location) => possible(location.id) >= open);
      for (const location of complete ? [complete] : locations) {
        const quantity = Math.min(open, possible(location.id));
        if (quantity <= 0) continue;
        stock.set(stockKey(sku.id, location.id), (stock.get(stockKey(sku.id, location.id)) ?? 0) - quantity);
        reservations.push({ orderId, orderLineId: lineId, skuId: sku.id, locationId: location.id, quantity, expiresAt, at });
        event('line_reserved', {
          lineNumber,
          sku: sku.code,
          location: location.code,
          quantity,
          expiresAt: expiresAt?.toISOString() ?? null,
        });
        reserved.push({ lineNumber, locationCode: location.code, quantity });
        open -= quantity;
        if (open === 0) break;
      }
      if (open > 0) backordered.push({ lineNumber, skuCode: sku.code, quantity: open });
      return {
        id: lineId,
        order_id: orderId,
        line_number: lineNumber,
        sku_id: sku.id,
        quantity_ordered: line.quantity,
        quantity_reserved: line.quantity - open,
        quantity_backordered: open,
        unit_price: line.unitPrice,
        at,
      };
    });
    lines.push(...orderLines);
    for (const line of backordered) event('line_backordered', { lineNumber: line.lineNumber, quantity: line.quantity });

    let status = 'backordered';
    if (backordered.length === 0) {
      event('status_changed', { reserved }, 'validated', 'reserved');
      status = 'reserved';
      if (payment) {
        event('status_changed', { payment }, 'reserved', 'released');
        status = 'released';
      }
    } else event('status_changed', { backordered }, 'validated', 'backordered');

    orders.push({
      id: orderId,
      number: request.orderNumber,
      channel: request.channel,
      external_ref: request.externalRef ?? null,
      customer_id: customer.id,
      currency: request.currency ?? null,
      subtotal,
      discount_total: request.discountTotal,
      shipping_total: request.shippingTotal,
      tax_total: request.taxTotal,
      total,
      shipping_address: request.shippingAddress,
      promised_date: request.promisedDate ?? null,
      erp_sync_status: request.erpRequired ? 'pending' : 'not_required',
      notes: request.notes ?? null,
      status,
      at,
      reserved_at: status === 'backordered' ? null : at,
      released_at: status === 'released' ? at : null,
    });
    captured.push({ orderId, customerId: customer.id, skuIds: [...new Set(orderLines.map((line) => line.sku_id))] });
  }

  await tx.query(
    `INSERT INTO orders (id, tenant_id, number, channel, external_ref, customer_id, currency, subtotal, discount_total, shipping_total,
                         tax_total, total, shipping_address, promised_date, erp_sync_status, notes, status, placed_at, validated_at,
                         reserved_at, released_at, status_changed_at, created_at, updated_at)
     SELECT o.id, copilot_tenant_id(), o.number, o.channel, o.external_ref, o.customer_id,
            coalesce(o.currency::char(3), copilot_tenant_currency()), o.subtotal, o.discount_total,
            o.shipping_total, o.tax_total, o.total, o.shipping_address, o.promised_date, o.erp_sync_status, o.notes, o.status, o.at, o.at,
            o.reserved_at, o.released_at, o.at, o.at, o.at
       FROM jsonb_to_recordset($1::jsonb) AS o(id uuid, number text, channel text, external_ref text, customer_id uuid, currency text,
            subtotal numeric, discount_total numeric, shipping_total numeric, tax_total numeric, total numeric, shipping_address jsonb,
            promised_date timestamptz, erp_sync_status text, notes text, status text, at timestamptz, reserved_at timestamptz,
            released_at timestamptz)`,
    [JSON.stringify(orders)],
  );
  await tx.query(
    `INSERT INTO order_lines (id, tenant_id, order_id, line_number, sku_id, quantity_ordered, quantity_reserved, quantity_backordered,
                              unit_price, created_at, updated_at)
     SELECT l.id, copilot_tenant_id(), l.order_id, l.line_number, l.sku_id, l.quantity_ordered, l.quantity_reserved,
            l.quantity_backordered, l.unit_price, l.at, l.at
       FROM jsonb_to_recordset($1::jsonb) AS l(id uuid, order_id uuid, line_number integer, sku_id uuid, quantity_ordered integer,
            quantity_reserved integer, quantity_backordered integer, unit_price numeric, at timestamptz)`,
    [JSON.stringify(lines)],
  );
  await recordReservations(tx, reservations);
  // In the order one-by-one capture writes them (the log's ids keep that order).
  await tx.query(
    `INSERT INTO order_events (tenant_id, order_id, type, from_status, to_status, actor, event_id, data, occurred_at)
     SELECT copilot_tenant_id(), e.order_id, e.type, e.from_status, e.to_status, e.actor, e.event_id, e.data, e.occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS e(ord integer, order_id uuid, type text, from_status text, to_status text, actor text,
            event_id text, data jsonb, occurred_at timestamptz)
      ORDER BY e.ord`,
    [JSON.stringify(events.map((row, ord) => ({ ord, ...row })))],
  );
  return captured;
}
