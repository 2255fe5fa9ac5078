import { describe, expect, it } from 'vitest';
import { exceptionsOfType, insertLocation, insertOrder, insertSku, liveOnly, setBalance } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();

describe('stock_conflict', () => {
  it('raises per SKU × location when available goes below zero, dedupes, and resolves when stock arrives', async () => {
    const ids = await tenant.run(async (tx) => {
      const location = await insertLocation(tx, 'DC1');
      const sku = await insertSku(tx, 'BOLT-1');
      await setBalance(tx, sku, location, 'available', -3);
      await setBalance(tx, sku, location, 'allocated', 5);
      return { location, sku };
    });
    const detect = () => detectInTenant({ skuIds: [ids.sku] });

    const first = await detect();
    expect(first.byType.stock_conflict).toEqual({ raised: 1, resolved: 0 });
    const [raised] = await tenant.run((tx) => exceptionsOfType(tx, 'stock_conflict'));
    expect(raised).toMatchObject({
      status: 'open',
      sku_id: ids.sku,
      location_id: ids.location,
      dedupe_key: `stock_conflict:${ids.sku}:${ids.location}`,
    });
    expect(raised!.evidence).toMatchObject({ scope: 'location', available: -3, allocated: 5, onHand: 2, shortfall: 3 });

    const second = await detect();
    expect(second.raised).toEqual([]);
    await detectInTenant(); // a full sweep too
    expect(liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'stock_conflict')))).toHaveLength(1);

    await tenant.run((tx) => setBalance(tx, ids.sku, ids.location, 'available', 4));
    const third = await detect();
    expect(third.resolved).toEqual([raised!.id]);
    const [after] = await tenant.run((tx) => exceptionsOfType(tx, 'stock_conflict'));
    expect(after).toMatchObject({ status: 'resolved', resolution_how: 'auto' });
  });

  it('raises a network oversell when waiting lines exceed sellable stock, counting kit lines on components', async () => {
    const ids = await tenant.run(async (tx) => {
      const location = await insertLocation(tx, 'DC2');
      const candle = await insertSku(tx, 'CANDLE');
      const kit = await insertSku(tx, 'GIFTSET', { components: [{ skuId: candle, quantity: 2 }] });
      await setBalance(tx, candle, location, 'available', 5);
      await tx.query(`INSERT INTO safety_stock (tenant_id, sku_id, location_id, quantity) VALUES (copilot_tenant_id(), $1, $2, 1)`, [
        candle,
        location,
      ]);
      const order = await insertOrder(tx, {
        number: 'K-1',
        status: 'validated',
        promisedDate: new Date('2025-03-20T00:00:00Z'),
        lines: [{ skuId: kit, quantity: 3 }],
      });
      return { location, candle, kit, order };
    });
    await detectInTenant({ orderIds: [ids.order.id] });
    const live = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'stock_conflict'))).filter((row) => row.sku_id === ids.candle);
    expect(live).toHaveLength(1);
    expect(live[0]!.dedupe_key).toBe(`stock_conflict:${ids.candle}:network`);
    // 6 units wanted (3 kits × 2), 5 available − 1 safety stock = 4 sellable: 2 short.
    expect(live[0]!.evidence).toMatchObject({ unreservedDemand: 6, freePool: 4, shortfall: 2, availableToSell: -2, waitingLines: 1 });
    expect(live[0]!.severity).toBe('high');

    await tenant.run((tx) => tx.query(`UPDATE orders SET status = 'cancelled' WHERE id = $1`, [ids.order.id]));
    const report = await detectInTenant({ orderIds: [ids.order.id] });
    expect(report.resolved).toEqual([live[0]!.id]);
  });

  it('lets units ring-fenced for a channel serve that channel, and not others', async () => {
    const ids = await tenant.run(async (tx) => {
      const location = await insertLocation(tx, 'DC3');
      const sku = await insertSku(tx, 'MUG');
      await setBalance(tx, sku, location, 'available', 10);
      await tx.query(
        `INSERT INTO channel_allocations (tenant_id, sku_id, location_id, channel, quantity) VALUES (copilot_tenant_id(), $1, $2, 'amazon', 6)`,
        [sku, location],
      );
      const amazon = await insertOrder(tx, { number: 'A-1', channel: 'amazon', status: 'validated', lines: [{ skuId: sku, quantity: 6 }] });
      const web = await insertOrder(tx, { number: 'W-1', channel: 'web', status: 'validated', lines: [{ skuId: sku, quantity: 4 }] });
      return { sku, amazon, web };
    });
    await detectInTenant({ skuIds: [ids.sku] });
    expect(liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'stock_conflict'))).filter((row) => row.sku_id === ids.sku)).toHaveLength(
      0,
    );

    await tenant.run((tx) =>
      insertOrder(tx, { number: 'W-2', channel: 'web', status: 'validated', lines: [{ skuId: ids.sku, quantity: 1 }] }),
    );
    await detectInTenant({ skuIds: [ids.sku] });
    const live = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'stock_conflict'))).filter((row) => row.sku_id === ids.sku);
    expect(live).toHaveLength(1);
    expect(live[0]!.evidence).toMatchObject({
      freePool: 4,
      shortfall: 1,
      ringFencedByChannel: { amazon: 6 },
      demandByChannel: { amazon: 6, web: 5 },
    });
  });
});
