import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInventory } from '../../core/inventory/index.ts';
import { capturePayment } from '../../core/payments/index.ts';
import { inspectReturn, receiveReturn } from '../../core/returns/index.ts';
import { createShipment } from '../../core/shipments/index.ts';
import { createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

const DAY_MS = 86_400_000;

describe('adjust_inventory, create_purchase_order and set_return_disposition', () => {
  let world: ToolTestWorld;
  const balance = (sku: string, location: string) => world.run(async (tx) => (await getInventory(tx, { sku, location })).balances[0]);

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 20);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 10);
      await placeOrder(tx, 'RT-1', [
        { sku: 'MUG-BLK', quantity: 2, unitPrice: 12 },
        { sku: 'KETTLE-1L', quantity: 1, unitPrice: 59 },
      ]);
      await capturePayment(tx, { order: 'RT-1', psp: 'stripe', pspReference: 'pi_rt1', amount: 83 });
      await createShipment(tx, {
        shipmentId: 'SH-RT1',
        order: 'RT-1',
        location: 'WH-EAST',
        carrier: 'UPS',
        lines: [
          { sku: 'MUG-BLK', quantity: 2 },
          { sku: 'KETTLE-1L', quantity: 1 },
        ],
      });
      await receiveReturn(tx, {
        rma: 'RMA-1',
        order: 'RT-1',
        location: 'WH-EAST',
        reason: 'changed my mind',
        lines: [{ sku: 'MUG-BLK', quantity: 2 }],
      });
      await receiveReturn(tx, {
        rma: 'RMA-2',
        order: 'RT-1',
        location: 'WH-EAST',
        reason: 'arrived broken',
        lines: [{ sku: 'KETTLE-1L', quantity: 1 }],
      });
      await inspectReturn(tx, { rma: 'RMA-2', lines: [{ sku: 'KETTLE-1L', grade: 'D' }] });
    });
  });
  afterAll(() => world.close());

  it('sets stock to a physical count and reports units and value at cost', async () => {
    const outcome = await world.call(
      'adjust_inventory',
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', countedQuantity: 15, reference: 'COUNT-77' },
      world.principals.integration,
    );
    expect(outcome).toMatchObject({ status: 'executed', result: { before: 18, after: 15, delta: -3, valueChange: -12 } });
    expect(await world.evidence(outcome)).toMatchObject({
      skuCode: 'MUG-BLK',
      locationCode: 'WH-EAST',
      reasonCode: 'CC',
      quantity: 3,
      unitCost: 4,
      unitsValue: 12,
      amount: 12,
      direction: 'decrease',
      countBased: true,
      adjustmentsLast7Days: 0,
    });
    expect(await balance('MUG-BLK', 'WH-EAST')).toMatchObject({ available: 15 });
  });

  it('refuses a count that matches the book, and a reason code in the wrong direction', async () => {
    expect(
      await world.call('adjust_inventory', { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', countedQuantity: 15 }),
    ).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/already matches the book quantity 15/) },
    });
    expect(await world.call('adjust_inventory', { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'DMG', delta: 2 })).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/only reduces stock/) },
    });
    expect(await world.call('adjust_inventory', { sku: 'BREW-KIT', location: 'WH-EAST', reasonCode: 'FOUND', delta: 1 })).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/is a kit/) },
    });
    expect(await balance('MUG-BLK', 'WH-EAST')).toMatchObject({ available: 15 });
  });

  it('applies a signed change and counts recent adjustments at the location', async () => {
    const outcome = await world.call('adjust_inventory', {
      sku: 'MUG-BLK',
      location: 'WH-EAST',
      reasonCode: 'FOUND',
      delta: 2,
      note: 'found behind rack 4',
    });
    expect(outcome.result).toMatchObject({ before: 15, after: 17, delta: 2 });
    expect(await world.evidence(outcome)).toMatchObject({ direction: 'increase', quantity: 2, countBased: false, adjustmentsLast7Days: 1 });
  });

  it('rejects adjustment arguments outside the schema', async () => {
    for (const args of [
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC' },
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', countedQuantity: 3, delta: -1 },
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', delta: 0 },
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'OTHER', delta: -1 },
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', delta: -1, status: 'allocated' },
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', countedQuantity: -4 },
      { sku: 'MUG-BLK', location: 'WH-EAST', reasonCode: 'CC', delta: 1.5 },
    ]) {
      expect(await world.call('adjust_inventory', args)).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
    }
  });

  it('raises a purchase order, reporting its value as the amount and open POs already inbound', async () => {
    const expectedAt = new Date(Date.now() + 14 * DAY_MS).toISOString().slice(0, 10);
    const first = await world.call('create_purchase_order', {
      sku: 'KETTLE-1L',
      quantity: 24,
      location: 'WH-WEST',
      supplier: 'Hario EU',
      expectedAt,
      reason: 'backorders on KETTLE-1L',
    });
    expect(first).toMatchObject({
      status: 'executed',
      result: {
        supplier: 'Hario EU',
        locationCode: 'WH-WEST',
        status: 'submitted',
        expectedAt,
        totalValue: 528,
        lines: [{ skuCode: 'KETTLE-1L', quantity: 24, unitCost: 22 }],
      },
    });
    expect(await world.evidence(first)).toMatchObject({
      amount: 528,
      quantity: 24,
      unitCost: 22,
      openPurchaseOrders: 0,
      openPurchaseOrderQuantity: 0,
    });
    const second = await world.call('create_purchase_order', {
      sku: 'KETTLE-1L',
      quantity: 6,
      location: 'WH-WEST',
      supplier: 'Hario EU',
      unitCost: 20.5,
      reason: 'top-up for the promotion',
    });
    expect(await world.evidence(second)).toMatchObject({ amount: 123, openPurchaseOrders: 1, openPurchaseOrderQuantity: 24 });
    const inventory = await world.run((tx) => getInventory(tx, { sku: 'KETTLE-1L' }));
    expect(inventory.inboundPurchaseOrders.map((po) => po.open).sort()).toEqual([24, 6]);
  });

  it('refuses a purchase order for a kit, an unknown SKU or a past date', async () => {
    expect(
      await world.call('create_purchase_order', {
        sku: 'BREW-KIT',
        quantity: 5,
        location: 'WH-EAST',
        supplier: 'Acme',
        reason: 'kit shortage',
      }),
    ).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/is a kit/) },
    });
    expect(
      await world.call('create_purchase_order', {
        sku: 'NOPE-1',
        quantity: 5,
        location: 'WH-EAST',
        supplier: 'Acme',
        reason: 'unknown sku',
      }),
    ).toMatchObject({ error: { code: 'not_found' } });
    expect(
      await world.call('create_purchase_order', {
        sku: 'MUG-BLK',
        quantity: 5,
        location: 'WH-EAST',
        supplier: 'Acme',
        expectedAt: '2020-01-01',
        reason: 'late',
      }),
    ).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/in the past/) },
    });
    expect(
      await world.call('create_purchase_order', { sku: 'MUG-BLK', quantity: 0, location: 'WH-EAST', supplier: 'Acme', reason: 'none' }),
    ).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('restocks a return: units leave returns hold for available stock and the return closes', async () => {
    const before = await balance('MUG-BLK', 'WH-EAST');
    const ungraded = await world.call('set_return_disposition', { rma: 'RMA-1', disposition: 'restock', note: 'looks fine' });
    expect(ungraded).toMatchObject({ error: { code: 'precondition_failed', message: expect.stringMatching(/not been inspected/) } });
    expect(await balance('MUG-BLK', 'WH-EAST')).toEqual(before);
    const outcome = await world.call('set_return_disposition', { rma: 'RMA-1', disposition: 'restock', grade: 'A', note: 'sealed' });
    expect(outcome).toMatchObject({
      status: 'executed',
      result: { rma: 'RMA-1', returnStatus: 'closed', lines: [{ skuCode: 'MUG-BLK', quantity: 2, disposition: 'restock' }] },
    });
    expect(await world.evidence(outcome)).toMatchObject({
      rmaNumber: 'RMA-1',
      returnStatus: 'received',
      disposition: 'restock',
      quantity: 2,
      unitsValue: 8,
      closesReturn: true,
      orderNumber: 'RT-1',
    });
    const after = await balance('MUG-BLK', 'WH-EAST');
    expect(after!.available - before!.available).toBe(2);
    expect(after!.returns_hold - before!.returns_hold).toBe(-2);
    expect(await world.call('set_return_disposition', { rma: 'RMA-1', disposition: 'damaged' })).toMatchObject({
      error: { code: 'precondition_failed' },
    });
  });

  it('never restocks grade D units; damaged is accepted', async () => {
    expect(await world.call('set_return_disposition', { rma: 'RMA-2', disposition: 'restock' })).toMatchObject({
      error: { code: 'precondition_failed', message: expect.stringMatching(/grade D and cannot be restocked/) },
    });
    const damaged = await world.call('set_return_disposition', { rma: 'RMA-2', disposition: 'damaged', sku: 'KETTLE-1L' });
    expect(damaged).toMatchObject({ status: 'executed', result: { returnStatus: 'closed' } });
    expect(await world.evidence(damaged)).toMatchObject({ grades: 'D', unitsValue: 22, returnStatus: 'inspected' });
    expect(await world.call('set_return_disposition', { rma: 'RMA-2', disposition: 'vendor_return' })).toMatchObject({
      error: { code: 'validation_failed' },
    });
  });
});
