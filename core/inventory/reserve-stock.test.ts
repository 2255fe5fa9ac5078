import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { createOrder } from '../orders/create-order.ts';
import { expireReservations } from '../orders/expire-reservations.ts';
import { getOrder } from '../orders/get-order.ts';
import { loadOrderLines } from '../orders/order-record.ts';
import { progressOrder } from '../orders/progress-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { InsufficientStockError } from './insufficient-stock-error.ts';
import { readBalances } from './move-stock.ts';
import { releaseReservedStock } from './reservations.ts';
import { reserveStock } from './reserve-stock.ts';

describe('reservations', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const balances = (sku: string, location = 'WH-EAST') =>
    run(async (tx) => readBalances(tx, (await requireSku(tx, sku)).id, (await requireLocation(tx, location)).id));
  const lineId = (order: string, lineNumber = 1) =>
    run(async (tx) => (await loadOrderLines(tx, (await getOrder(tx, order)).id)).find((l) => l.lineNumber === lineNumber)!.id);

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 3);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 1);
      await stock(tx, 'FILTER-100', 'WH-EAST', 5);
      await createOrder(tx, orderInput('R-1', [{ sku: 'MUG-BLK', quantity: 5, unitPrice: 12 }]));
      await createOrder(tx, orderInput('R-2', [{ sku: 'BREW-KIT', quantity: 2, unitPrice: 75 }]));
    });
  });
  afterAll(() => db.close());

  it('never reserves more than is available', async () => {
    const id = await lineId('R-1');
    await expect(run((tx) => reserveStock(tx, { orderLineId: id, location: 'WH-EAST', quantity: 4 }))).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
    await expect(run((tx) => reserveStock(tx, { orderLineId: id, location: 'WH-EAST', quantity: 4 }))).rejects.toMatchObject({
      code: 'conflict',
      details: { skuCode: 'MUG-BLK', locationCode: 'WH-EAST', requested: 4, available: 3 },
    });
    expect(await balances('MUG-BLK')).toMatchObject({ available: 3, allocated: 0 });
    await run((tx) => reserveStock(tx, { orderLineId: id, location: 'WH-EAST', quantity: 3 }));
    expect(await balances('MUG-BLK')).toMatchObject({ available: 0, allocated: 3 });
    await expect(run((tx) => reserveStock(tx, { orderLineId: id, location: 'WH-EAST', quantity: 1 }))).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
  });

  it('refuses to reserve more than the line still needs', async () => {
    const id = await lineId('R-1');
    await run((tx) => stock(tx, 'MUG-BLK', 'WH-EAST', 10));
    await expect(run((tx) => reserveStock(tx, { orderLineId: id, location: 'WH-EAST', quantity: 3 }))).rejects.toMatchObject({
      code: 'precondition_failed',
    });
  });

  it('reserves a kit all or nothing across its components', async () => {
    const id = await lineId('R-2');
    // Two kits need two kettles; there is one. Nothing may be taken from the mugs or filters.
    const before = { mug: await balances('MUG-BLK'), filter: await balances('FILTER-100') };
    await expect(run((tx) => reserveStock(tx, { orderLineId: id, location: 'WH-EAST', quantity: 2 }))).rejects.toMatchObject({
      details: { skuCode: 'KETTLE-1L' },
    });
    expect(await balances('MUG-BLK')).toEqual(before.mug);
    expect(await balances('FILTER-100')).toEqual(before.filter);
    const reservations = await run((tx) => reserveStock(tx, { orderLineId: id, location: 'WH-EAST', quantity: 1 }));
    expect(reservations.map((r) => r.quantity).sort()).toEqual([1, 1, 2]);
    expect(await balances('KETTLE-1L')).toMatchObject({ available: 0, allocated: 1 });
    expect(await balances('MUG-BLK')).toMatchObject({ available: before.mug.available - 2, allocated: before.mug.allocated + 2 });
  });

  it('release returns stock to available and lowers the line’s reserved quantity', async () => {
    const id = await lineId('R-2');
    const location = await run(async (tx) => (await requireLocation(tx, 'WH-EAST')).id);
    const released = await run((tx) => releaseReservedStock(tx, { orderLineId: id, locationId: location }, 'test'));
    expect(released.quantity).toBe(1);
    expect(released.reservationIds).toHaveLength(3);
    expect(await balances('KETTLE-1L')).toMatchObject({ available: 1, allocated: 0 });
    const line = await run(async (tx) => (await loadOrderLines(tx, (await getOrder(tx, 'R-2')).id))[0]!);
    expect(line.quantityReserved).toBe(0);
    await expect(run((tx) => releaseReservedStock(tx, { orderLineId: id, locationId: location }, 'again'))).rejects.toMatchObject({
      code: 'precondition_failed',
    });
  });

  it('expires payment-pending reservations, backorders the order and offers the stock to the next order', async () => {
    const t0 = new Date('2025-06-01T08:00:00Z');
    await run(async (tx) => {
      await stock(tx, 'KETTLE-1L', 'WH-WEST', 1);
      await createOrder(tx, orderInput('EXP-1', [{ sku: 'KETTLE-1L', quantity: 1, unitPrice: 59 }]), { at: t0 });
      await createOrder(tx, orderInput('EXP-2', [{ sku: 'KETTLE-1L', quantity: 1, unitPrice: 59 }]), { at: t0 });
    });
    // Two kettles exist (WH-EAST, WH-WEST) but R-2 wants them too; EXP-1 gets one, EXP-2 whatever is left.
    const first = await run((tx) => progressOrder(tx, 'EXP-1', { at: t0 }));
    expect(first.status).toBe('reserved');
    const detail = await run((tx) => getOrder(tx, 'EXP-1'));
    expect(detail.reservations[0]!.expiresAt).toEqual(new Date('2025-06-04T08:00:00Z'));
    await run(async (tx) => {
      // Take the remaining kettle with a competing order so EXP-2 waits.
      const second = await progressOrder(tx, 'EXP-2', { at: t0 });
      expect(second.status).toBe('reserved');
      await createOrder(tx, orderInput('EXP-3', [{ sku: 'KETTLE-1L', quantity: 1, unitPrice: 59 }]), { at: t0 });
      expect((await progressOrder(tx, 'EXP-3', { at: t0 })).status).toBe('backordered');
    });
    expect(await run((tx) => expireReservations(tx, { at: new Date('2025-06-04T07:59:00Z') }))).toEqual([]);
    const expired = await run((tx) => expireReservations(tx, { at: new Date('2025-06-04T08:00:00Z') }));
    expect(expired.map((e) => e.orderNumber).sort()).toEqual(['EXP-1', 'EXP-2']);
    const after = await run(async (tx) => ({ one: await getOrder(tx, 'EXP-1'), three: await getOrder(tx, 'EXP-3') }));
    expect(after.one.status).toBe('backordered');
    expect(after.one.lines[0]).toMatchObject({ quantityReserved: 0, quantityBackordered: 1 });
    expect(after.three.status).toBe('reserved');
  });
});
