import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { seedDomainFixture } from '../domain/test-fixtures.ts';
import { NotFoundError } from '../errors.ts';
import { createTestDb } from '../testing/test-db.ts';
import { getOrder } from './get-order.ts';
import { getOrderByParts } from './testing/get-order-by-parts.ts';
import { type RichOrderWorld, seedRichOrder } from './testing/rich-order.ts';

/** The transaction with its statements counted. */
const counting = (tx: Tx) => {
  const counted: { statements: number; tx: Tx } = { statements: 0, tx };
  counted.tx = { ...tx, query: (...args: Parameters<Tx['query']>) => ((counted.statements += 1), tx.query(...args)) } as Tx;
  return counted;
};

describe('getOrder: the order with all its parts in one statement', () => {
  let db: Database;
  let world: RichOrderWorld;
  const run = <T>(fn: (tx: Tx) => Promise<T>, tenantId = world.tenant.id) => withTenant(db, tenantId, fn);

  beforeAll(async () => {
    db = await createTestDb();
    world = await seedRichOrder(db);
  });
  afterAll(() => db.close());

  it('returns exactly what reading the parts one by one returned, Dates, numbers and order of keys and rows included', async () => {
    for (const number of [world.rich, world.plain]) {
      const { id } = await run((tx) => getOrderByParts(tx, number));
      for (const reference of [number, id]) {
        const [expected, actual] = await run(async (tx) => [await getOrderByParts(tx, reference), await getOrder(tx, reference)]);
        expect(actual).toEqual(expected);
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      }
    }
  });

  it('the rich order has every part, several of most (so the comparison covers rows, nesting and their order)', async () => {
    const order = await run((tx) => getOrder(tx, world.rich));
    expect(order.customer?.code).toBe('B2B-ACME');
    expect(order.lines.map((line) => line.lineNumber)).toEqual([1, 2, 3]);
    expect(order.lines[2]!.effectiveUnitPrice).toBe(5.99);
    expect(order.holds.map((hold) => [hold.reasonCode, hold.releasedAt === null])).toEqual([
      ['CUSTOMER-REQ', false],
      ['QA-HOLD', true],
    ]);
    expect(order.reservations.length).toBeGreaterThan(0);
    expect(order.payments).toHaveLength(2);
    expect(order.refunds).toHaveLength(1);
    // By shipping time: the second parcel's event (no shippedAt) is dated before the first's shippedAt.
    expect(order.shipments.map((shipment) => [shipment.shipmentId, shipment.lines.length])).toEqual([
      ['SHP-RICH-2', 1],
      ['SHP-RICH-1', 2],
    ]);
    expect(order.shipments[1]!.deliveredAt).toBeInstanceOf(Date);
    expect(order.returns).toHaveLength(1);
    expect(order.returns[0]!.lines.map((line) => line.disposition)).toContain('damaged');
    expect(order.returns[0]!.lines.find((line) => line.disposition === 'damaged')?.dispositionAt).toBeInstanceOf(Date);
    expect(order.invoices).toHaveLength(2);
    expect(order.erpSyncAttempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'succeeded']);
    expect(order.backorderNotices).toHaveLength(1);
    expect(order.delayNotices).toHaveLength(1);
    expect(order.fulfilment).toMatchObject({ priority: 'expedite', requestedCarrier: 'UPS' });
    expect(order.fulfilment.expeditedAt).toBeInstanceOf(Date);
    expect(order.money.captured).toBe(279.26);
  });

  it('runs one statement however many parts the order has', async () => {
    const counted = await run(async (tx) => {
      const measured = counting(tx);
      await getOrder(measured.tx, world.rich);
      return measured.statements;
    });
    expect(counted).toBe(1);
    const before = await run(async (tx) => {
      const measured = counting(tx);
      await getOrderByParts(measured.tx, world.rich);
      return measured.statements;
    });
    expect(before).toBe(17); // 14, and one more for each of the two shipments and the return
  });

  it('sees only the tenant’s own orders: another tenant gets not found, by number and by id', async () => {
    const other = await seedDomainFixture(db, 'other-tenant');
    const { id } = await run((tx) => getOrder(tx, world.rich));
    for (const reference of [world.rich, id]) {
      await expect(run((tx) => getOrder(tx, reference), other.id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});
