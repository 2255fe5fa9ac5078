import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { readBalances } from '../inventory/move-stock.ts';
import { createOrder } from '../orders/create-order.ts';
import { progressOrder } from '../orders/progress-order.ts';
import { authorizePayment } from '../payments/payments.ts';
import { createShipment } from '../shipments/create-shipment.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getReturn } from './get-return.ts';
import { inspectReturn } from './inspect-return.ts';
import { receiveReturn } from './receive-return.ts';
import { setReturnDisposition } from './set-return-disposition.ts';

describe('returns', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const balances = (sku: string) =>
    run(async (tx) => readBalances(tx, (await requireSku(tx, sku)).id, (await requireLocation(tx, 'WH-EAST')).id));

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 10);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 3);
      await createOrder(
        tx,
        orderInput('RT-1', [
          { sku: 'MUG-BLK', quantity: 4, unitPrice: 12 },
          { sku: 'KETTLE-1L', quantity: 2, unitPrice: 59 },
        ]),
      );
      await progressOrder(tx, 'RT-1');
      await authorizePayment(tx, { order: 'RT-1', psp: 'stripe', pspReference: 'pi_rt1', amount: 166 });
      await createShipment(tx, {
        shipmentId: 'SH-RT1',
        order: 'RT-1',
        location: 'WH-EAST',
        carrier: 'DHL',
        lines: [
          { sku: 'MUG-BLK', quantity: 4 },
          { sku: 'KETTLE-1L', quantity: 2 },
        ],
      });
    });
  });
  afterAll(() => db.close());

  it('receives returned units into returns_hold, never more than shipped', async () => {
    await expect(
      run((tx) => receiveReturn(tx, { rma: 'RMA-0', order: 'RT-1', location: 'WH-EAST', lines: [{ sku: 'MUG-BLK', quantity: 5 }] })),
    ).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { returnable: 4 },
    });
    await run((tx) =>
      receiveReturn(
        tx,
        {
          rma: 'RMA-1',
          order: 'RT-1',
          location: 'WH-EAST',
          reason: 'changed mind',
          lines: [
            { sku: 'MUG-BLK', quantity: 3 },
            { sku: 'KETTLE-1L', quantity: 2 },
          ],
        },
        { at: new Date('2025-05-10T12:00:00Z') },
      ),
    );
    expect(await balances('MUG-BLK')).toMatchObject({ available: 6, returns_hold: 3 });
    const view = await run((tx) => getReturn(tx, 'RMA-1', new Date('2025-05-12T12:00:00Z')));
    expect(view).toMatchObject({ status: 'received', hoursAwaitingDisposition: 48 });
    await expect(
      run((tx) => receiveReturn(tx, { rma: 'RMA-1', order: 'RT-1', location: 'WH-EAST', lines: [{ sku: 'MUG-BLK', quantity: 1 }] })),
    ).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('restocks to available, moves damaged units to damaged, and sends vendor returns out', async () => {
    await run((tx) =>
      inspectReturn(tx, {
        rma: 'RMA-1',
        lines: [
          { sku: 'MUG-BLK', grade: 'A' },
          { sku: 'KETTLE-1L', grade: 'D' },
        ],
      }),
    );
    await expect(run((tx) => setReturnDisposition(tx, { rma: 'RMA-1', sku: 'KETTLE-1L', disposition: 'restock' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { grade: 'D' },
    });
    const restocked = await run((tx) => setReturnDisposition(tx, { rma: 'RMA-1', sku: 'MUG-BLK', disposition: 'restock' }));
    expect(restocked).toMatchObject({ returnStatus: 'inspected', lines: [{ skuCode: 'MUG-BLK', quantity: 3, disposition: 'restock' }] });
    expect(await balances('MUG-BLK')).toMatchObject({ available: 9, returns_hold: 0 });
    await expect(run((tx) => setReturnDisposition(tx, { rma: 'RMA-1', sku: 'MUG-BLK', disposition: 'damaged' }))).rejects.toMatchObject({
      code: 'precondition_failed',
    });
    const kettlesBefore = await balances('KETTLE-1L');
    const vendor = await run((tx) => setReturnDisposition(tx, { rma: 'RMA-1', sku: 'KETTLE-1L', disposition: 'vendor' }));
    expect(vendor.returnStatus).toBe('closed');
    expect(await balances('KETTLE-1L')).toMatchObject({
      returns_hold: kettlesBefore.returns_hold - 2,
      available: kettlesBefore.available,
      damaged: 0,
    });
    await expect(run((tx) => setReturnDisposition(tx, { rma: 'RMA-1', disposition: 'restock' }))).rejects.toMatchObject({
      code: 'precondition_failed',
    });
  });

  it('inspects with a damaged disposition in one step', async () => {
    await run((tx) => receiveReturn(tx, { rma: 'RMA-2', order: 'RT-1', location: 'WH-EAST', lines: [{ sku: 'MUG-BLK', quantity: 1 }] }));
    const inspected = await run((tx) =>
      inspectReturn(tx, { rma: 'RMA-2', lines: [{ sku: 'MUG-BLK', grade: 'C', disposition: 'damaged' }] }),
    );
    expect(inspected).toMatchObject({ status: 'closed', dispositioned: 1 });
    expect(await balances('MUG-BLK')).toMatchObject({ damaged: 1, returns_hold: 0 });
    await expect(run((tx) => inspectReturn(tx, { rma: 'RMA-2', lines: [{ sku: 'MUG-BLK', grade: 'A' }] }))).rejects.toMatchObject({
      code: 'illegal_transition',
    });
  });
  it('never restocks a line nobody has graded, while damaged and vendor need no grade', async () => {
    await run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 3);
      await createOrder(tx, orderInput('RT-U', [{ sku: 'MUG-BLK', quantity: 3, unitPrice: 12 }]));
      await progressOrder(tx, 'RT-U');
      await authorizePayment(tx, { order: 'RT-U', psp: 'stripe', pspReference: 'pi_rtu', amount: 36 });
      await createShipment(tx, {
        shipmentId: 'SH-RTU',
        order: 'RT-U',
        location: 'WH-EAST',
        carrier: 'DHL',
        lines: [{ sku: 'MUG-BLK', quantity: 3 }],
      });
      await receiveReturn(tx, { rma: 'RMA-U', order: 'RT-U', location: 'WH-EAST', lines: [{ sku: 'MUG-BLK', quantity: 1 }] });
    });
    const before = await balances('MUG-BLK');
    await expect(run((tx) => setReturnDisposition(tx, { rma: 'RMA-U', disposition: 'restock' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      message: expect.stringContaining('not been inspected'),
      details: { rma: 'RMA-U', ungradedLines: [expect.any(Number)] },
    });
    await expect(run((tx) => setReturnDisposition(tx, { rma: 'RMA-U', sku: 'MUG-BLK', disposition: 'restock' }))).rejects.toMatchObject({
      code: 'precondition_failed',
    });
    expect(await balances('MUG-BLK')).toEqual(before);
    // A grade given with the disposition is recorded as the inspection; it never overrules one already made.
    const restocked = await run((tx) => setReturnDisposition(tx, { rma: 'RMA-U', disposition: 'restock', grade: 'B' }));
    expect(restocked).toMatchObject({ returnStatus: 'closed', lines: [{ skuCode: 'MUG-BLK', disposition: 'restock' }] });
    expect((await balances('MUG-BLK')).available).toBe(before.available + 1);
    await run((tx) => receiveReturn(tx, { rma: 'RMA-V', order: 'RT-U', location: 'WH-EAST', lines: [{ sku: 'MUG-BLK', quantity: 1 }] }));
    await expect(run((tx) => setReturnDisposition(tx, { rma: 'RMA-V', disposition: 'restock', grade: 'D' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { grade: 'D' },
    });
    await run((tx) => receiveReturn(tx, { rma: 'RMA-W', order: 'RT-U', location: 'WH-EAST', lines: [{ sku: 'MUG-BLK', quantity: 1 }] }));
    await run((tx) => inspectReturn(tx, { rma: 'RMA-W', lines: [{ sku: 'MUG-BLK', grade: 'C' }] }));
    await expect(run((tx) => setReturnDisposition(tx, { rma: 'RMA-W', disposition: 'restock', grade: 'A' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { grade: 'C' },
    });
    expect((await run((tx) => setReturnDisposition(tx, { rma: 'RMA-V', disposition: 'damaged' }))).returnStatus).toBe('closed');
  });
});
