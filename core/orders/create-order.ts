/** Order capture: an order arrives from a channel and is stored as `captured` with its lines. */
import { z } from 'zod';
import { requireSku } from '../catalog/skus.ts';
import { findCustomer, upsertCustomer } from '../customers/customers.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { moneyEquals, roundMoney } from '../domain/money.ts';
import { channelSchema, currencySchema, moneySchema } from '../domain/references.ts';
import { ConflictError, NotFoundError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from './order-events.ts';
import { ORDER_COLUMNS, type OrderRecord } from './order-record.ts';

export const shippingAddressSchema = z.object({
  name: z.string().trim().min(1).max(200),
  company: z.string().max(200).optional(),
  line1: z.string().trim().min(1).max(300),
  line2: z.string().max(300).optional(),
  city: z.string().trim().min(1).max(100),
  region: z.string().max(100).optional(),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. US'),
  phone: z.string().max(40).optional(),
});

export const createOrderInputSchema = z.object({
  orderNumber: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.#/-]{0,63}$/, 'letters, digits, _ . # / -; up to 64 characters'),
  channel: channelSchema,
  externalRef: z.string().max(200).optional(),
  /** Customer code. Unknown codes are created as consumers when customerName is given. */
  customer: z.string().min(1).max(128),
  customerName: z.string().max(300).optional(),
  customerEmail: z.email().optional(),
  /** Omit for the tenant's own currency (tenants.currency). */
  currency: currencySchema.optional(),
  lines: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().max(1_000_000), unitPrice: moneySchema }))
    .min(1, 'an order needs at least one line')
    .max(500),
  discountTotal: moneySchema.default(0),
  shippingTotal: moneySchema.default(0),
  taxTotal: moneySchema.default(0),
  /** The channel's order total; computed from lines when omitted. */
  total: moneySchema.optional(),
  shippingAddress: shippingAddressSchema,
  promisedDate: z.coerce.date().optional(),
  notes: z.string().max(4000).optional(),
  /** False for channels whose orders never go to the ERP (e.g. marketplace-fulfilled). */
  erpRequired: z.boolean().default(true),
});
export type CreateOrderInput = z.input<typeof createOrderInputSchema>;

export async function createOrder(tx: Tx, input: CreateOrderInput, context?: ChangeContext): Promise<OrderRecord> {
  const request = parseOrThrow(createOrderInputSchema, input, 'order');
  const { at } = resolveContext(context);
  const existing = await tx.query('SELECT 1 FROM orders WHERE number = $1', [request.orderNumber]);
  if (existing.rowCount > 0) throw new ConflictError(`order ${request.orderNumber} already exists`, { orderNumber: request.orderNumber });
  let customer = await findCustomer(tx, request.customer);
  if (!customer) {
    if (!request.customerName) throw new NotFoundError('customer', request.customer);
    customer = await upsertCustomer(tx, {
      code: request.customer,
      name: request.customerName,
      email: request.customerEmail,
      currency: request.currency,
    });
  }
  const skus = [];
  for (const line of request.lines) skus.push(await requireSku(tx, line.sku));
  const subtotal = roundMoney(request.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0));
  const computedTotal = roundMoney(subtotal - request.discountTotal + request.shippingTotal + request.taxTotal);
  const total = request.total ?? computedTotal;
  const inserted = await tx.query<OrderRecord>(
    `INSERT INTO orders AS o (tenant_id, number, channel, external_ref, customer_id, currency, subtotal, discount_total, shipping_total,
            tax_total, total, shipping_address, promised_date, erp_sync_status, notes, placed_at, status_changed_at, created_at, updated_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, coalesce($5::char(3), copilot_tenant_currency()), $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $15, $15, $15)
     RETURNING ${ORDER_COLUMNS}`,
    [
      request.orderNumber,
      request.channel,
      request.externalRef ?? null,
      customer.id,
      request.currency ?? null,
      subtotal,
      request.discountTotal,
      request.shippingTotal,
      request.taxTotal,
      total,
      JSON.stringify(request.shippingAddress),
      request.promisedDate ?? null,
      request.erpRequired ? 'pending' : 'not_required',
      request.notes ?? null,
      at,
    ],
  );
  const order = inserted.rows[0]!;
  for (const [index, line] of request.lines.entries()) {
    await tx.query(
      `INSERT INTO order_lines (tenant_id, order_id, line_number, sku_id, quantity_ordered, unit_price, created_at, updated_at)
       VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $6)`,
      [order.id, index + 1, skus[index]!.id, line.quantity, line.unitPrice, at],
    );
  }
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'order_captured',
      toStatus: 'captured',
      data: {
        channel: request.channel,
        customer: customer.code,
        total,
        lines: request.lines.length,
        ...(moneyEquals(total, computedTotal) ? {} : { computedTotal }),
      },
    },
    context,
  );
  return order;
}
