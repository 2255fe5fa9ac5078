/**
 * An order with every part an order read returns — lines (one repriced, one backordered), active and
 * released holds, reservations, payments (captured, refunded, voided), refunds, two shipments with
 * lines, an inspected return, invoices, ERP sync attempts, backorder and delay notices, an expedite —
 * and the exceptions and events those raise, built through the product's own paths (events and
 * domain operations), for tests that compare order reads.
 */
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import { seedDomainFixture, stock } from '../../domain/test-fixtures.ts';
import { applyEvent } from '../../events/apply-event.ts';
import { issueRefund } from '../../payments/issue-refund.ts';
import type { Tenant } from '../../tenants/tenants.ts';
import { expediteOrder } from '../expedite-order.ts';
import { placeOrderHold, releaseOrderHold } from '../order-hold-operations.ts';
import { overridePrice } from '../override-price.ts';
import { sendBackorderNotice } from '../send-backorder-notice.ts';
import { sendDelayNotice } from '../send-delay-notice.ts';

const ADDRESS = { name: 'Dana Reyes', line1: '400 Market St', city: 'Philadelphia', postalCode: '19106', country: 'US' };

export interface RichOrderWorld {
  tenant: Tenant;
  /** Every part present. */
  rich: string;
  /** Just created: one line, no other parts (empty lists).
   */
  plain: string;
}

export async function seedRichOrder(db: Database, slug = 'rich-orders'): Promise<RichOrderWorld> {
  const tenant = await seedDomainFixture(db, slug);
  const day = 24 * 3_600_000;
  const base = Date.now() - 10 * day;
  let sequence = 0;
  const event = async (type: string, data: Record<string, unknown>, at = base + sequence * 60_000) => {
    sequence += 1;
    const result = await applyEvent(
      db,
      tenant.id,
      { id: `rich-${sequence}`, type, occurredAt: new Date(at).toISOString(), data },
      { source: 'test' },
    );
    if (result.status !== 'applied') throw new Error(`fixture event ${type} was ${result.status}: ${JSON.stringify(result)}`);
  };
  const run = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenant.id, fn);
  await run(async (tx) => {
    await stock(tx, 'MUG-BLK', 'WH-EAST', 20);
    await stock(tx, 'FILTER-100', 'WH-EAST', 20);
    await stock(tx, 'KETTLE-1L', 'WH-EAST', 1);
  });
  const rich = 'RICH-1';
  await event('order.created', {
    orderNumber: rich,
    channel: 'web',
    customerCode: 'B2B-ACME',
    lines: [
      { sku: 'MUG-BLK', quantity: 4, unitPrice: 12 },
      { sku: 'KETTLE-1L', quantity: 3, unitPrice: 59 },
      { sku: 'FILTER-100', quantity: 2, unitPrice: 6.5 },
    ],
    shippingTotal: 9.95,
    taxTotal: 21.33,
    shippingAddress: { ...ADDRESS, company: 'Acme Cafés Ltd', line2: 'Suite 5' },
    promisedDate: new Date(base + 5 * day).toISOString(),
    notes: 'leave at the loading dock',
    erpRequired: true,
  });
  await run((tx) => overridePrice(tx, { order: rich, lineNumber: 3, newUnitPrice: 5.99, reason: 'price match' }));
  await event('payment.authorized', { orderNumber: rich, psp: 'stripe', pspReference: 'pi_rich_void', amount: 50 });
  await event('payment.authorized', { orderNumber: rich, psp: 'stripe', pspReference: 'pi_rich_1', amount: 279.26 });
  await event('payment.captured', {
    orderNumber: rich,
    psp: 'stripe',
    pspReference: 'pi_rich_1',
    amount: 279.26,
    settlementReference: 'po_77',
    settledAt: new Date(base + day).toISOString(),
  });
  await event('erp.sync_failed', { orderNumber: rich, errorCode: 'ERP-422.TAX', message: 'tax code missing for FILTER-100' });
  await event('erp.sync_succeeded', { orderNumber: rich, erpReference: 'SO-9911' });
  await run(async (tx) => {
    await placeOrderHold(tx, { order: rich, reasonCode: 'CUSTOMER-REQ', note: 'customer asked to wait a day' });
    await releaseOrderHold(tx, { order: rich, reasonCode: 'CUSTOMER-REQ', note: 'customer confirmed' });
    await sendBackorderNotice(tx, { order: rich, newPromisedDate: new Date(Date.now() + 7 * day), lineNumber: 2 });
  });
  // The kettles arrive: the backordered line is reserved, and the order is late with the goods in stock.
  await event('inventory.received', { sku: 'KETTLE-1L', location: 'WH-EAST', quantity: 5 });
  await run(async (tx) => {
    await sendDelayNotice(tx, { order: rich, newPromisedDate: new Date(Date.now() + 8 * day), channel: 'sms' });
    await expediteOrder(tx, { order: rich, carrier: 'UPS', serviceLevel: 'next_day_air', upgradeCost: 18.5, reason: 'late already' });
  });
  await event('shipment.created', {
    shipmentId: 'SHP-RICH-1',
    orderNumber: rich,
    location: 'WH-EAST',
    carrier: 'UPS',
    serviceLevel: 'ground',
    trackingNumber: '1Z999',
    status: 'in_transit',
    shippedAt: new Date(base + 2 * day).toISOString(),
    estimatedDeliveryAt: new Date(base + 4 * day).toISOString(),
    lines: [
      { sku: 'MUG-BLK', quantity: 4 },
      { sku: 'FILTER-100', quantity: 2 },
    ],
  });
  await event('shipment.updated', { shipmentId: 'SHP-RICH-1', status: 'delivered', deliveredAt: new Date(base + 4 * day).toISOString() });
  await event('shipment.created', {
    shipmentId: 'SHP-RICH-2',
    orderNumber: rich,
    location: 'WH-EAST',
    carrier: 'FedEx',
    lines: [{ sku: 'KETTLE-1L', quantity: 1 }],
  });
  await event('return.received', {
    rma: 'RMA-RICH-1',
    orderNumber: rich,
    location: 'WH-EAST',
    reason: 'chipped',
    lines: [
      { sku: 'MUG-BLK', quantity: 2 },
      { sku: 'FILTER-100', quantity: 1 },
    ],
  });
  await event('return.inspected', {
    rma: 'RMA-RICH-1',
    lines: [
      { sku: 'MUG-BLK', grade: 'X', disposition: 'damaged' },
      { sku: 'FILTER-100', grade: 'A' },
    ],
  });
  await run((tx) => issueRefund(tx, { order: rich, amount: 24, reason: 'two chipped mugs', rma: 'RMA-RICH-1' }));
  await event('invoice.posted', {
    invoiceNumber: 'INV-RICH-1',
    orderNumber: rich,
    amount: 150,
    taxAmount: 12.5,
    dueAt: new Date(base + 30 * day).toISOString(),
  });
  await event('invoice.paid', { invoiceNumber: 'INV-RICH-1', amount: 150 });
  await event('invoice.posted', { invoiceNumber: 'INV-RICH-2', orderNumber: rich, amount: 129.26 });
  await run((tx) => placeOrderHold(tx, { order: rich, reasonCode: 'QA-HOLD', note: 'kettle recall check' }));
  const plain = 'PLAIN-1';
  await event('order.created', {
    orderNumber: plain,
    channel: 'marketplace',
    customerCode: 'C-1001',
    lines: [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }],
    shippingAddress: ADDRESS,
  });
  return { tenant, rich, plain };
}
