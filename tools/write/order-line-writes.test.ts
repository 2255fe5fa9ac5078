import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder } from '../../core/orders/index.ts';
import { getInventory } from '../../core/inventory/index.ts';
import { createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

describe('reallocate_order_line and release_reservation', () => {
  let world: ToolTestWorld;

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 5);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 2);
      await placeOrder(tx, 'R-1', [{ sku: 'MUG-BLK', quantity: 3, unitPrice: 12 }]);
      await placeOrder(tx, 'R-2', [{ sku: 'KETTLE-1L', quantity: 2, unitPrice: 59 }]);
      await stock(tx, 'MUG-BLK', 'WH-WEST', 10);
    });
  });
  afterAll(() => world.close());

  it('reallocates a reserved line to a location with stock and reports the facts the policy reads', async () => {
    const outcome = await world.call('reallocate_order_line', {
      order: 'R-1',
      lineNumber: 1,
      toLocation: 'WH-WEST',
      reasonCode: 'RA-CAPACITY',
    });
    expect(outcome).toMatchObject({ decision: 'allow', status: 'executed' });
    expect(outcome.result).toMatchObject({
      orderNumber: 'R-1',
      skuCode: 'MUG-BLK',
      quantity: 3,
      fromLocations: [{ locationCode: 'WH-EAST', quantity: 3 }],
      toLocation: 'WH-WEST',
      splitShipment: false,
      exceptionsResolved: [],
    });
    expect(await world.evidence(outcome)).toMatchObject({
      orderNumber: 'R-1',
      orderValue: 36,
      customerCode: 'C-1001',
      customerTier: 'standard',
      creditStatus: 'ok',
      quantity: 3,
      fromLocation: 'WH-EAST',
      toLocation: 'WH-WEST',
      availableAtTarget: 10,
    });
    await world.run(async (tx) => {
      const order = await getOrder(tx, 'R-1');
      expect(order.reservations.filter((r) => r.status === 'active').map((r) => r.locationCode)).toEqual(['WH-WEST']);
    });
  });

  it('refuses to reallocate to a location without the stock, and changes nothing', async () => {
    const outcome = await world.call('reallocate_order_line', {
      order: 'R-2',
      lineNumber: 1,
      toLocation: 'WH-WEST',
      reasonCode: 'RA-SHORT',
    });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'precondition_failed' } });
    expect(outcome.error!.message).toMatch(/WH-WEST has 0 available of KETTLE-1L/);
    expect(outcome.proposalId).toBeUndefined();
    await world.run(async (tx) => {
      const order = await getOrder(tx, 'R-2');
      expect(order.reservations.filter((r) => r.status === 'active').map((r) => r.locationCode)).toEqual(['WH-EAST']);
    });
  });

  it('refuses a location that does not fulfil orders and an unknown line', async () => {
    const store = await world.call('reallocate_order_line', {
      order: 'R-2',
      lineNumber: 1,
      toLocation: 'STORE-NYC',
      reasonCode: 'RA-SHORT',
    });
    expect(store).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/does not fulfil orders/) },
    });
    const line = await world.call('reallocate_order_line', { order: 'R-2', lineNumber: 9, toLocation: 'WH-EAST', reasonCode: 'RA-SHORT' });
    expect(line).toMatchObject({ status: 'failed', error: { code: 'precondition_failed', message: expect.stringMatching(/no line 9/) } });
    const unknown = await world.call('reallocate_order_line', {
      order: 'NOPE-1',
      lineNumber: 1,
      toLocation: 'WH-EAST',
      reasonCode: 'RA-SHORT',
    });
    expect(unknown).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
  });

  it('rejects arguments outside the schema as a typed validation error', async () => {
    for (const args of [
      { order: 'R-1', lineNumber: 0, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' },
      { order: 'R-1', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'BECAUSE' },
      { order: 'R-1', lineNumber: 1, toLocation: 'WH WEST', reasonCode: 'RA-SHORT' },
      { order: 'R-1', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT', force: true },
      { order: 'R-1', lineNumber: '1', toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' },
    ]) {
      const outcome = await world.call('reallocate_order_line', args);
      expect(outcome).toMatchObject({ status: 'failed', decision: 'deny', error: { code: 'validation_failed' } });
    }
  });

  it('releases a reservation: the stock is available again and the order is backordered', async () => {
    const reservationId = await world.run(async (tx) => (await getOrder(tx, 'R-2')).reservations.find((r) => r.status === 'active')!.id);
    const outcome = await world.call('release_reservation', { reservationId, reason: 'customer abandoned the order' });
    expect(outcome).toMatchObject({ status: 'executed' });
    expect(outcome.result).toMatchObject({
      orderNumber: 'R-2',
      orderStatus: 'backordered',
      skuCode: 'KETTLE-1L',
      locationCode: 'WH-EAST',
      quantity: 2,
      expired: false,
    });
    expect(await world.evidence(outcome)).toMatchObject({
      reservationId,
      reservationStatus: 'active',
      expired: false,
      quantity: 2,
      orderNumber: 'R-2',
    });
    await world.run(async (tx) => {
      const inventory = await getInventory(tx, { sku: 'KETTLE-1L', location: 'WH-EAST' });
      expect(inventory.balances[0]).toMatchObject({ available: 2, allocated: 0 });
    });
    const again = await world.call('release_reservation', { reservationId, reason: 'customer abandoned the order' });
    expect(again).toMatchObject({
      status: 'failed',
      error: { code: 'precondition_failed', message: expect.stringMatching(/already released/) },
    });
  });

  it('rejects a reservation id that is not a UUID, and an unknown one', async () => {
    expect(await world.call('release_reservation', { reservationId: 'R-2', reason: 'stale reservation' })).toMatchObject({
      error: { code: 'validation_failed' },
    });
    expect(
      await world.call('release_reservation', { reservationId: '00000000-0000-4000-8000-000000000001', reason: 'stale reservation' }),
    ).toMatchObject({
      error: { code: 'not_found' },
    });
  });
});
