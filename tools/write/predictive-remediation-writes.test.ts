/**
 * The remediations for predicted exceptions through the real policy gate: a proactive delay notice,
 * an expedite, a stock transfer and a channel ring-fence — each validated by its schema, checked
 * against the core's preconditions, executed by the core, and invisible to another tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentRootCauses, getInventory, readBalances, receiveInventory, setSafetyStock } from '../../core/inventory/index.ts';
import { requireLocation, requireSku } from '../../core/catalog/index.ts';
import { getOrder } from '../../core/orders/index.ts';
import { createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../../test/support/tool-test-world.ts';

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

describe('send_delay_notice, expedite_shipment, transfer_stock and set_channel_allocation', () => {
  let world: ToolTestWorld;

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 40);
      await stock(tx, 'MUG-BLK', 'WH-WEST', 100);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 1);
      await placeOrder(tx, 'PD-1', [{ sku: 'MUG-BLK', quantity: 2, unitPrice: 12 }], { promisedDate: new Date(Date.now() + DAY_MS) });
      await placeOrder(tx, 'PD-2', [{ sku: 'KETTLE-1L', quantity: 3, unitPrice: 59 }], { promisedDate: new Date(Date.now() + DAY_MS) });
      await placeOrder(tx, 'PD-3', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
    });
  });
  afterAll(() => world.close());

  describe('send_delay_notice', () => {
    it('sends the notice, moves the promise, and reports the delay in days to the policy', async () => {
      const outcome = await world.call('send_delay_notice', { order: 'PD-1', newPromisedDate: day(4) });
      expect(outcome).toMatchObject({ status: 'executed', result: { orderNumber: 'PD-1', newPromisedDate: day(4), channel: 'email' } });
      expect((outcome.result as { message: string }).message).toMatch(/ship it by .*\(it was due to ship by/);
      expect(await world.evidence(outcome)).toMatchObject({
        orderNumber: 'PD-1',
        daysDelayed: 3,
        noticeChannel: 'email',
        customMessage: false,
      });
      const order = await world.run((tx) => getOrder(tx, 'PD-1'));
      expect(order.delayNotices).toHaveLength(1);
      expect(order.promisedDate?.toISOString().slice(0, 10)).toBe(day(4));
    });

    it('refuses a date not after the promise, a date in the past, a backordered order, and bad input', async () => {
      expect(await world.call('send_delay_notice', { order: 'PD-1', newPromisedDate: day(3) })).toMatchObject({
        error: { code: 'precondition_failed', message: expect.stringMatching(/not after the current promise/) },
      });
      expect(await world.call('send_delay_notice', { order: 'PD-3', newPromisedDate: day(-1) })).toMatchObject({
        error: { code: 'precondition_failed', message: expect.stringMatching(/must be in the future/) },
      });
      expect(await world.call('send_delay_notice', { order: 'PD-2', newPromisedDate: day(5) })).toMatchObject({
        error: { code: 'precondition_failed', message: expect.stringMatching(/backordered units .*send a backorder notice/) },
      });
      for (const args of [
        { order: 'PD-3', newPromisedDate: '2026-13-40' },
        { order: 'PD-3', newPromisedDate: day(5), channel: 'carrier_pigeon' },
        { order: 'PD-3', newPromisedDate: day(5), message: 'too short' },
        { order: 'PD-3' },
      ]) {
        expect(await world.call('send_delay_notice', args)).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
      }
    });

    it("never reaches another tenant's order", async () => {
      expect(await world.call('send_delay_notice', { order: 'PD-3', newPromisedDate: day(5) }, world.otherRep)).toMatchObject({
        error: { code: 'not_found' },
      });
    });
  });

  describe('expedite_shipment', () => {
    it('marks the order for a priority pick with the faster service, and reports the upgrade cost as amount', async () => {
      const outcome = await world.call('expedite_shipment', {
        order: 'PD-3',
        carrier: 'UPS',
        serviceLevel: '2day',
        upgradeCost: 12.5,
        reason: 'likely to ship 20 h late; 2day saves 36 h of transit',
      });
      expect(outcome).toMatchObject({
        status: 'executed',
        result: { priority: 'expedite', carrier: 'UPS', serviceLevel: '2day', upgradeCost: 12.5 },
      });
      expect(await world.evidence(outcome)).toMatchObject({ orderNumber: 'PD-3', amount: 12.5, serviceUpgrade: true });
      expect((await world.run((tx) => getOrder(tx, 'PD-3'))).fulfilment).toMatchObject({
        priority: 'expedite',
        requestedServiceLevel: '2day',
      });
    });

    it('refuses the same expedite twice, a backordered order, money with more than two decimals, and a missing reason', async () => {
      expect(
        await world.call('expedite_shipment', { order: 'PD-3', carrier: 'UPS', serviceLevel: '2day', reason: 'again please' }),
      ).toMatchObject({
        error: { code: 'precondition_failed', message: expect.stringMatching(/already expedited/) },
      });
      expect(await world.call('expedite_shipment', { order: 'PD-2', reason: 'the kettles are late' })).toMatchObject({
        error: { code: 'precondition_failed', message: expect.stringMatching(/backordered/) },
      });
      for (const args of [
        { order: 'PD-3', upgradeCost: 12.505, reason: 'rounding test' },
        { order: 'PD-3', upgradeCost: -1, reason: 'negative' },
        { order: 'PD-3' },
        { order: 'PD-3', reason: 'x', serviceLevel: '<script>' },
      ]) {
        expect(await world.call('expedite_shipment', args)).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
      }
    });
  });

  describe('transfer_stock', () => {
    it('moves units out of the source and into transit at the destination, as transfer movements, not adjustments', async () => {
      const outcome = await world.call('transfer_stock', {
        sku: 'MUG-BLK',
        fromLocation: 'WH-WEST',
        toLocation: 'WH-EAST',
        quantity: 30,
        reason: 'WH-EAST projected to run out before the reorder arrives',
      });
      expect(outcome).toMatchObject({
        status: 'executed',
        result: { skuCode: 'MUG-BLK', quantity: 30, availableAtSourceAfter: 70, inTransitAtDestinationAfter: 30 },
      });
      expect((outcome.result as { reference: string }).reference).toMatch(/^TRF-/);
      expect(await world.evidence(outcome)).toMatchObject({
        quantity: 30,
        unitCost: 4,
        amount: 120,
        fromLocation: 'WH-WEST',
        toLocation: 'WH-EAST',
      });
      const [west, east, causes] = await world.run(async (tx) => {
        const sku = await requireSku(tx, 'MUG-BLK');
        return [
          await readBalances(tx, sku.id, (await requireLocation(tx, 'WH-WEST')).id),
          await readBalances(tx, sku.id, (await requireLocation(tx, 'WH-EAST')).id),
          await adjustmentRootCauses(tx, { from: new Date(Date.now() - DAY_MS), to: new Date(Date.now() + DAY_MS) }),
        ];
      });
      expect(west).toMatchObject({ available: 70 });
      expect(east).toMatchObject({ in_transit: 30 });
      expect(JSON.stringify(causes)).not.toMatch(/XFER/);
      // The warehouse confirms the arrival: the units become available at the destination.
      await world.run((tx) => receiveInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 30, fromInTransit: true }));
      const view = await world.run((tx) => getInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST' }));
      expect(view.balances[0]).toMatchObject({ in_transit: 0 });
    });

    it('refuses to take the source below its safety stock, the same location twice, a kit, and bad quantities', async () => {
      await world.run((tx) => setSafetyStock(tx, { sku: 'MUG-BLK', location: 'WH-WEST', quantity: 60 }));
      expect(
        await world.call('transfer_stock', {
          sku: 'MUG-BLK',
          fromLocation: 'WH-WEST',
          toLocation: 'WH-EAST',
          quantity: 11,
          reason: 'rebalance',
        }),
      ).toMatchObject({ error: { code: 'precondition_failed', message: expect.stringMatching(/WH-WEST can give at most 10/) } });
      expect(
        await world.call('transfer_stock', {
          sku: 'MUG-BLK',
          fromLocation: 'WH-EAST',
          toLocation: 'WH-EAST',
          quantity: 1,
          reason: 'rebalance',
        }),
      ).toMatchObject({ error: { code: 'precondition_failed', message: expect.stringMatching(/two different locations/) } });
      expect(
        await world.call('transfer_stock', {
          sku: 'BREW-KIT',
          fromLocation: 'WH-EAST',
          toLocation: 'WH-WEST',
          quantity: 1,
          reason: 'rebalance',
        }),
      ).toMatchObject({ error: { code: 'precondition_failed', message: expect.stringMatching(/kit/) } });
      for (const quantity of [0, -3, 1.5, 2_000_000]) {
        expect(
          await world.call('transfer_stock', {
            sku: 'MUG-BLK',
            fromLocation: 'WH-WEST',
            toLocation: 'WH-EAST',
            quantity,
            reason: 'rebalance',
          }),
        ).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
      }
    });

    it("cannot see another tenant's stock", async () => {
      expect(
        await world.call(
          'transfer_stock',
          { sku: 'MUG-BLK', fromLocation: 'WH-WEST', toLocation: 'WH-EAST', quantity: 1, reason: 'rebalance' },
          world.otherRep,
        ),
      ).toMatchObject({ error: { code: 'precondition_failed' } });
    });
  });

  describe('set_channel_allocation', () => {
    it('ring-fences units for a channel, lowering what the others can sell, and lifts it with 0', async () => {
      const before = await world.run((tx) => getInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', channel: 'web' }));
      const outcome = await world.call('set_channel_allocation', {
        sku: 'MUG-BLK',
        location: 'WH-EAST',
        channel: 'amazon',
        quantity: 10,
        reason: 'supply late; the marketplace penalises late shipments',
      });
      expect(outcome).toMatchObject({ status: 'executed', result: { channel: 'amazon', quantity: 10, previousQuantity: 0 } });
      expect(await world.evidence(outcome)).toMatchObject({ change: 10, amount: 40 });
      const after = await world.run((tx) => getInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', channel: 'web' }));
      expect(after.availableToSell.ats).toBe(before.availableToSell.ats - 10);
      const lifted = await world.call('set_channel_allocation', {
        sku: 'MUG-BLK',
        location: 'WH-EAST',
        channel: 'amazon',
        quantity: 0,
        reason: 'stock arrived',
      });
      expect(lifted).toMatchObject({ status: 'executed', result: { quantity: 0, previousQuantity: 10 } });
    });

    it('refuses more than the stock left after safety stock and other ring-fences, and bad channels', async () => {
      expect(
        await world.call('set_channel_allocation', {
          sku: 'MUG-BLK',
          location: 'WH-EAST',
          channel: 'amazon',
          quantity: 10_000,
          reason: 'everything',
        }),
      ).toMatchObject({ error: { code: 'precondition_failed', message: expect.stringMatching(/to ring-fence/) } });
      for (const channel of ['Amazon', 'a', 'web shop']) {
        expect(
          await world.call('set_channel_allocation', { sku: 'MUG-BLK', location: 'WH-EAST', channel, quantity: 1, reason: 'bad channel' }),
        ).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
      }
    });
  });
});
