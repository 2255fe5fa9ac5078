import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ADDRESS, orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { authorizePayment } from '../payments/payments.ts';
import { createShipment } from '../shipments/create-shipment.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { recordAddressValidationFailure } from './address-validation.ts';
import { cancelOrder } from './cancel-order.ts';
import { correctShippingAddress } from './correct-shipping-address.ts';
import { createOrder, type CreateOrderInput } from './create-order.ts';
import { getOrder } from './get-order.ts';
import { placeOrderHold, releaseOrderHold } from './order-hold-operations.ts';
import { orderTimeline } from './order-timeline.ts';
import { overridePrice } from './override-price.ts';
import { progressOrder } from './progress-order.ts';
import { reallocateOrderLine } from './reallocate-order-line.ts';
import { releaseReservation } from './release-reservation.ts';
import { sendBackorderNotice } from './send-backorder-notice.ts';

describe('order remediation operations', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const place = (number: string, lines: CreateOrderInput['lines'], overrides: Partial<CreateOrderInput> = {}) =>
    run(async (tx) => {
      await createOrder(tx, orderInput(number, lines, overrides));
      return progressOrder(tx, number);
    });
  const pay = (number: string, amount: number) =>
    run((tx) => authorizePayment(tx, { order: number, psp: 'stripe', pspReference: `pi_${number}`, amount }));
  const eventTypes = async (number: string) => (await run((tx) => orderTimeline(tx, number))).entries.map((e) => e.type);

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 4);
      await stock(tx, 'MUG-BLK', 'WH-WEST', 10);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 1);
    });
  });
  afterAll(() => db.close());

  describe('reallocateOrderLine', () => {
    it('moves a backordered line to a location with stock and lets the order proceed', async () => {
      await run((tx) => stock(tx, 'KETTLE-1L', 'WH-WEST', 0 + 2));
      // WH-EAST has 1 kettle, WH-WEST 2: a line of 2 ships complete from WH-WEST.
      const order = await place('RA-1', [{ sku: 'KETTLE-1L', quantity: 2, unitPrice: 59 }]);
      expect(order.status).toBe('reserved');
      const detail = await run((tx) => getOrder(tx, 'RA-1'));
      expect(detail.reservations.every((r) => r.locationCode === 'WH-WEST')).toBe(true);
      await expect(
        run((tx) => reallocateOrderLine(tx, { order: 'RA-1', lineNumber: 1, toLocation: 'WH-EAST', reasonCode: 'RA-SHORT' })),
      ).rejects.toMatchObject({
        code: 'precondition_failed',
        details: { location: 'WH-EAST', available: 1, needed: 2 },
      });
      await run((tx) => stock(tx, 'KETTLE-1L', 'WH-EAST', 1));
      const moved = await run((tx) =>
        reallocateOrderLine(tx, { order: 'RA-1', lineNumber: 1, toLocation: 'WH-EAST', reasonCode: 'RA-DELAY' }),
      );
      expect(moved).toMatchObject({
        toLocation: 'WH-EAST',
        quantity: 2,
        fromLocations: [{ locationCode: 'WH-WEST', quantity: 2 }],
        splitShipment: false,
      });
      expect(
        (await run((tx) => getOrder(tx, 'RA-1'))).reservations.filter((r) => r.status === 'active').map((r) => r.locationCode),
      ).toEqual(['WH-EAST']);
      expect(await eventTypes('RA-1')).toContain('line_reallocated');
    });

    it('refuses held orders, unknown lines and locations that do not ship', async () => {
      await run((tx) => placeOrderHold(tx, { order: 'RA-1', reasonCode: 'CUSTOMER-REQ', note: 'customer is moving' }));
      await expect(
        run((tx) => reallocateOrderLine(tx, { order: 'RA-1', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' })),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
      await run((tx) => releaseOrderHold(tx, { order: 'RA-1', reasonCode: 'CUSTOMER-REQ', note: 'moved in' }));
      await expect(
        run((tx) => reallocateOrderLine(tx, { order: 'RA-1', lineNumber: 9, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' })),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
      await expect(
        run((tx) => reallocateOrderLine(tx, { order: 'RA-1', lineNumber: 1, toLocation: 'STORE-NYC', reasonCode: 'RA-SHORT' })),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
    });
  });

  describe('placeOrderHold / releaseOrderHold', () => {
    it('holds, stacks holds, and returns to the held-from status only when the last is released', async () => {
      await place('H-1', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      const held = await run((tx) => placeOrderHold(tx, { order: 'H-1', reasonCode: 'FRAUD-REVIEW', note: 'velocity check' }));
      expect(held.order).toMatchObject({ status: 'on_hold', heldFromStatus: 'reserved', holdReason: 'FRAUD-REVIEW' });
      await expect(run((tx) => placeOrderHold(tx, { order: 'H-1', reasonCode: 'FRAUD-REVIEW', note: 'again' }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await run((tx) => placeOrderHold(tx, { order: 'H-1', reasonCode: 'DUP-CHECK', note: 'looks like H-0' }));
      const one = await run((tx) => releaseOrderHold(tx, { order: 'H-1', reasonCode: 'FRAUD-REVIEW', note: 'cleared' }));
      expect(one.order).toMatchObject({ status: 'on_hold', holdReason: 'DUP-CHECK' });
      await pay('H-1', 12);
      expect((await run((tx) => getOrder(tx, 'H-1'))).status).toBe('on_hold'); // payment cannot release a held order
      const last = await run((tx) => releaseOrderHold(tx, { order: 'H-1', reasonCode: 'DUP-CHECK', note: 'not a duplicate' }));
      expect(last.order.status).toBe('released'); // back to reserved, then the automation releases it (paid)
      expect(last.activeHolds).toEqual([]);
      await expect(run((tx) => releaseOrderHold(tx, { order: 'H-1', reasonCode: 'DUP-CHECK', note: 'x' }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
    });

    it('cannot hold a shipped order', async () => {
      await run((tx) =>
        createShipment(tx, {
          shipmentId: 'SH-H1',
          order: 'H-1',
          location: 'WH-EAST',
          carrier: 'UPS',
          lines: [{ lineNumber: 1, quantity: 1 }],
        }),
      );
      await expect(run((tx) => placeOrderHold(tx, { order: 'H-1', reasonCode: 'QA-HOLD', note: 'recall' }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
    });
  });

  describe('address validation and correction', () => {
    it('holds an order whose address failed and corrects it; release continues the order', async () => {
      await place('AD-1', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      const flagged = await run((tx) =>
        recordAddressValidationFailure(tx, { order: 'AD-1', reason: 'postal code does not match city', field: 'postalCode' }),
      );
      expect(flagged).toMatchObject({ status: 'on_hold', holdReason: 'ADDR-CHECK', addressStatus: 'invalid' });
      const corrected = await run((tx) => correctShippingAddress(tx, { order: 'AD-1', address: { ...ADDRESS, postalCode: '19107' } }));
      expect(corrected).toMatchObject({ addressStatus: 'valid', addressIssue: null, status: 'on_hold' });
      expect(corrected.shippingAddress.postalCode).toBe('19107');
      const released = await run((tx) => releaseOrderHold(tx, { order: 'AD-1', reasonCode: 'ADDR-CHECK', note: 'validated' }));
      expect(released.order.status).toBe('reserved');
    });

    it('refuses to change the address of a shipped order', async () => {
      await expect(run((tx) => correctShippingAddress(tx, { order: 'H-1', address: ADDRESS }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await expect(
        run((tx) => correctShippingAddress(tx, { order: 'AD-1', address: { ...ADDRESS, country: 'usa' } })),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: { issues: [{ path: 'address.country' }] },
      });
    });
  });

  describe('overridePrice', () => {
    it('changes the effective price and the totals, and refuses no-op or invoiced overrides', async () => {
      const result = await run((tx) => overridePrice(tx, { order: 'AD-1', lineNumber: 1, newUnitPrice: 9, reason: 'B2B contract price' }));
      expect(result).toMatchObject({
        previousUnitPrice: 12,
        newUnitPrice: 9,
        changePercent: -25,
        orderTotalBefore: 12,
        orderTotalAfter: 9,
      });
      const detail = await run((tx) => getOrder(tx, 'AD-1'));
      expect(detail.lines[0]).toMatchObject({ unitPrice: 12, overriddenPrice: 9, effectiveUnitPrice: 9 });
      await expect(run((tx) => overridePrice(tx, { order: 'AD-1', lineNumber: 1, newUnitPrice: 9, reason: 'same' }))).rejects.toMatchObject(
        { code: 'precondition_failed' },
      );
      await expect(run((tx) => overridePrice(tx, { order: 'AD-1', lineNumber: 1, newUnitPrice: 9, reason: '' }))).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });
  });

  describe('releaseReservation', () => {
    it('releases a stuck reservation, backorders the line and reallocates the stock to a waiting order', async () => {
      await place('RR-1', [{ sku: 'MUG-BLK', quantity: 12, unitPrice: 12 }]);
      const waiting = await place('RR-2', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
      expect(waiting.status).toBe('backordered');
      const reservation = (await run((tx) => getOrder(tx, 'RR-1'))).reservations.find((r) => r.status === 'active')!;
      const released = await run((tx) =>
        releaseReservation(tx, { reservationId: reservation.id, reason: 'customer abandoned bank transfer' }),
      );
      expect(released.order.status).toBe('backordered');
      expect(released.reallocatedTo).toEqual([{ orderNumber: 'RR-2', status: 'reserved' }]);
      await expect(run((tx) => releaseReservation(tx, { reservationId: reservation.id, reason: 'again' }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
    });

    it('refuses to pull stock from an order released to the warehouse', async () => {
      await pay('RR-2', 12);
      const reservation = (await run((tx) => getOrder(tx, 'RR-2'))).reservations.find((r) => r.status === 'active')!;
      await expect(run((tx) => releaseReservation(tx, { reservationId: reservation.id, reason: 'x' }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
    });
  });

  describe('sendBackorderNotice', () => {
    it('records the notice and the new promised date; refuses orders without backorders or past dates', async () => {
      const at = new Date('2025-07-01T09:00:00Z');
      const notice = await run((tx) => sendBackorderNotice(tx, { order: 'RR-1', newPromisedDate: '2025-07-15' }, { at }));
      expect(notice.message).toContain('RR-1');
      expect(notice.newPromisedDate).toEqual(new Date('2025-07-15T00:00:00Z'));
      expect((await run((tx) => getOrder(tx, 'RR-1'))).promisedDate).toEqual(new Date('2025-07-15T00:00:00Z'));
      await expect(run((tx) => sendBackorderNotice(tx, { order: 'RR-1', newPromisedDate: '2025-06-01' }, { at }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await expect(run((tx) => sendBackorderNotice(tx, { order: 'AD-1', newPromisedDate: '2025-07-15' }, { at }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
    });
  });

  describe('cancelOrder', () => {
    it('returns reservations to stock, cancels open quantities and refuses shipped orders', async () => {
      const before = (await run((tx) => getOrder(tx, 'AD-1'))).reservations.filter((r) => r.status === 'active').length;
      expect(before).toBe(1);
      const cancelled = await run((tx) => cancelOrder(tx, { order: 'AD-1', reason: 'customer request' }));
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'customer request' });
      const detail = await run((tx) => getOrder(tx, 'AD-1'));
      expect(detail.reservations.every((r) => r.status === 'released')).toBe(true);
      expect(detail.lines[0]).toMatchObject({ quantityCancelled: 1, quantityReserved: 0 });
      await expect(run((tx) => cancelOrder(tx, { order: 'H-1', reason: 'too late' }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await expect(run((tx) => placeOrderHold(tx, { order: 'AD-1', reasonCode: 'QA-HOLD', note: 'x' }))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
    });
  });
});
