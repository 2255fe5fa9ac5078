/**
 * The triage benchmark's data: one tenant with the bundled runbooks and the sample policy, and N
 * open exceptions of five kinds (oversell at a location with stock elsewhere, over-capture, retryable
 * and non-retryable ERP failures, aged backorder), raised by the core's own detection rules.
 */
import { upsertLocation, upsertSku } from '../core/catalog/index.ts';
import type { Database, Tx } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { recordErpSyncFailure } from '../core/erp/index.ts';
import { countTriageQueue, detectExceptions } from '../core/exceptions/index.ts';
import { adjustInventory, receiveInventory } from '../core/inventory/index.ts';
import { createOrder, progressOrder } from '../core/orders/index.ts';
import { capturePayment } from '../core/payments/index.ts';
import { createTenant } from '../core/tenants/tenants.ts';
import { ingestBundledCorpus } from '../ingestion/bundled-corpus.ts';
import { applyPolicy, readSamplePolicy } from '../policies/index.ts';

export const BENCH_TENANT = 'bench-retail';
// Each unit raises six exceptions: the five scenarios, plus the network-level shortage a backorder
// with no stock anywhere also is (stock_conflict, scope network).
const EXCEPTIONS_PER_UNIT = 6;

export interface TriageDataset {
  tenantId: string;
  exceptions: number;
}

const ADDRESS = { name: 'Dana Reyes', line1: '400 Market St', city: 'Philadelphia', postalCode: '19106', country: 'US' };

/** An order placed through the core's capture path and moved as far as its automation goes (reserved, backordered…). */
async function placeOrder(tx: Tx, number: string, lines: Array<{ sku: string; quantity: number }>, at?: Date): Promise<void> {
  const context = at ? { at } : undefined;
  await createOrder(
    tx,
    {
      orderNumber: number,
      channel: 'web',
      // One customer an order, so no two orders look like duplicates of each other.
      customer: `C-${number}`,
      customerName: `Customer ${number}`,
      lines: lines.map((line) => ({ ...line, unitPrice: 10 })),
      shippingAddress: ADDRESS,
    },
    context,
  );
  await progressOrder(tx, number, context);
}

export async function buildTriageDataset(db: Database, exceptionCount: number, now: Date): Promise<TriageDataset> {
  await ingestBundledCorpus(db);
  const tenant = await createTenant(db, { slug: BENCH_TENANT, name: BENCH_TENANT });
  await applyPolicy(db, tenant.id, await readSamplePolicy());
  const units = Math.ceil(exceptionCount / EXCEPTIONS_PER_UNIT);
  const oldEnough = new Date(now.getTime() - 12 * 86_400_000);
  // Every row comes from the core's own write paths (receive, reserve, count, capture, ERP failure), as in production.
  await withTenant(db, tenant.id, async (tx) => {
    await upsertLocation(tx, { code: 'WH-EAST', name: 'WH-EAST', kind: 'warehouse', priority: 10 });
    await upsertLocation(tx, { code: 'WH-WEST', name: 'WH-WEST', kind: 'warehouse', priority: 20 });
    await upsertSku(tx, { code: 'FILLER-01', name: 'FILLER-01', price: 10 });
    await receiveInventory(tx, { sku: 'FILLER-01', location: 'WH-WEST', quantity: 1_000_000 });
    for (let unit = 0; unit < units; unit += 1) {
      const n = String(unit).padStart(4, '0');
      // Oversell at WH-EAST: two units reserved there, then a count finds them gone; WH-WEST has plenty.
      await upsertSku(tx, { code: `TEE-${n}`, name: `TEE-${n}`, price: 10 });
      await receiveInventory(tx, { sku: `TEE-${n}`, location: 'WH-EAST', quantity: 2 });
      await receiveInventory(tx, { sku: `TEE-${n}`, location: 'WH-WEST', quantity: 40 });
      await placeOrder(tx, `10${n}`, [{ sku: `TEE-${n}`, quantity: 2 }]);
      await adjustInventory(tx, { sku: `TEE-${n}`, location: 'WH-EAST', delta: -2, reasonCode: 'CC', reference: `count ${n}` });
      // Over-capture: a 100 order captured as 130.
      await placeOrder(tx, `20${n}`, [{ sku: 'FILLER-01', quantity: 10 }]);
      await capturePayment(tx, { order: `20${n}`, psp: 'stripe', pspReference: `pi_${n}`, amount: 130 });
      // ERP failures: one retryable, one that must never be retried blindly.
      await placeOrder(tx, `30${n}`, [{ sku: 'FILLER-01', quantity: 1 }]);
      await recordErpSyncFailure(tx, { order: `30${n}`, errorCode: 'ERP-503', message: 'Service unavailable' });
      await placeOrder(tx, `40${n}`, [{ sku: 'FILLER-01', quantity: 1 }]);
      await recordErpSyncFailure(tx, { order: `40${n}`, errorCode: 'ERP-422', message: 'Validation failed' });
      // Backordered for 12 days with no stock anywhere: a notice with the next update date.
      await upsertSku(tx, { code: `MUG-${n}`, name: `MUG-${n}`, price: 10 });
      await placeOrder(tx, `50${n}`, [{ sku: `MUG-${n}`, quantity: 1 }], oldEnough);
    }
    await detectExceptions(tx, { tenantId: tenant.id, now });
  });
  // Open exceptions are the queue's waiting and parked ones (nothing has been claimed yet).
  const queue = await withTenant(db, tenant.id, (tx) => countTriageQueue(tx));
  return { tenantId: tenant.id, exceptions: queue.waiting + queue.parked };
}
