/**
 * The triage benchmark's data: one tenant with the bundled runbooks and the sample policy, and N
 * open exceptions of five kinds (oversell at a location with stock elsewhere, over-capture, retryable
 * and non-retryable ERP failures, aged backorder), raised by the core's own detection rules.
 */
import type { Database } from '../core/db/database.ts';
import { countTriageQueue, detectExceptions } from '../core/exceptions/index.ts';
import {
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertPayment,
  insertReservation,
  insertSku,
  setBalance,
} from '../core/exceptions/testing/exception-fixtures.ts';
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

export async function buildTriageDataset(db: Database, exceptionCount: number, now: Date): Promise<TriageDataset> {
  await ingestBundledCorpus(db);
  const tenant = await fixtureTenant(db, BENCH_TENANT);
  await applyPolicy(db, tenant.tenantId, await readSamplePolicy());
  const units = Math.ceil(exceptionCount / EXCEPTIONS_PER_UNIT);
  const oldEnough = new Date(now.getTime() - 12 * 86_400_000);
  await tenant.run(async (tx) => {
    const east = await insertLocation(tx, 'WH-EAST');
    const west = await insertLocation(tx, 'WH-WEST');
    const filler = await insertSku(tx, 'FILLER-01');
    await setBalance(tx, filler, west, 'available', 1_000_000);
    for (let unit = 0; unit < units; unit += 1) {
      const n = String(unit).padStart(4, '0');
      // Oversell at WH-EAST: two units reserved there, a count found two fewer; WH-WEST has plenty.
      {
        const sku = await insertSku(tx, `TEE-${n}`);
        await setBalance(tx, sku, east, 'available', -2);
        await setBalance(tx, sku, east, 'allocated', 2);
        await setBalance(tx, sku, west, 'available', 40);
        const order = await insertOrder(tx, { number: `10${n}`, status: 'reserved', lines: [{ skuId: sku, quantity: 2, reserved: 2 }] });
        await insertReservation(tx, { orderId: order.id, orderLineId: order.lineIds[0]!, skuId: sku, locationId: east, quantity: 2 });
      }
      // Over-capture: 100 order captured as 130.
      {
        const order = await insertOrder(tx, {
          number: `20${n}`,
          status: 'validated',
          total: 100,
          lines: [{ skuId: filler, quantity: 10, unitPrice: 10 }],
        });
        await insertPayment(tx, order.id, { reference: `pi_${n}`, captured: 130 });
      }
      await insertOrder(tx, {
        number: `30${n}`,
        status: 'validated',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: filler, quantity: 1 }],
      });
      await insertOrder(tx, {
        number: `40${n}`,
        status: 'validated',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-422',
        lines: [{ skuId: filler, quantity: 1 }],
      });
      // Backordered for 12 days with no stock anywhere: a notice with the next update date.
      {
        const sku = await insertSku(tx, `MUG-${n}`);
        await insertOrder(tx, {
          number: `50${n}`,
          status: 'backordered',
          placedAt: oldEnough,
          lines: [{ skuId: sku, quantity: 1, backordered: 1 }],
        });
      }
    }
    await detectExceptions(tx, { tenantId: tenant.tenantId, now });
  });
  // Open exceptions are the queue's waiting and parked ones (nothing has been claimed yet).
  const queue = await tenant.run((tx) => countTriageQueue(tx));
  const count = queue.waiting + queue.parked;
  return { tenantId: tenant.tenantId, exceptions: count };
}
