import { describe, expect, it } from 'vitest';
import { exceptionsOfType, insertCustomer, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();

describe('duplicate_order', () => {
  it('flags the later of two identical orders within 30 minutes, dedupes, resolves when one is cancelled', async () => {
    const ids = await tenant.run(async (tx) => {
      const a = await insertSku(tx, 'CANDLE-A');
      const b = await insertSku(tx, 'CANDLE-B');
      const customer = await insertCustomer(tx, 'C-77');
      const lines = [
        { skuId: a, quantity: 2 },
        { skuId: b, quantity: 1 },
      ];
      const first = await insertOrder(tx, {
        number: 'BS1001',
        customerId: customer,
        status: 'validated',
        placedAt: new Date('2025-03-10T10:00:00Z'),
        lines,
      });
      const second = await insertOrder(tx, {
        number: 'BS1002',
        customerId: customer,
        status: 'validated',
        placedAt: new Date('2025-03-10T10:02:00Z'),
        lines,
      });
      // Same items an hour later: a repeat purchase, not a duplicate.
      const later = await insertOrder(tx, {
        number: 'BS1003',
        customerId: customer,
        status: 'validated',
        placedAt: new Date('2025-03-10T11:30:00Z'),
        lines,
      });
      return { first, second, later, customer };
    });
    const detect = () => detectInTenant({ orderIds: [ids.second.id] });
    await detect();
    await detect();
    await detectInTenant();
    const rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'duplicate_order')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ order_id: ids.second.id, customer_id: ids.customer, severity: 'high' });
    expect(rows[0]!.evidence).toMatchObject({ basis: 'same_customer_items_window', originalOrderNumber: 'BS1001', minutesApart: 2 });

    await tenant.run((tx) => tx.query(`UPDATE orders SET status = 'cancelled' WHERE id = $1`, [ids.first.id]));
    const report = await detectInTenant({ orderIds: [ids.first.id] });
    expect(report.resolved).toEqual([rows[0]!.id]);
  });

  it('pairs only the same basket: same customer and value within minutes but other items (or quantities split otherwise) is no duplicate', async () => {
    const ids = await tenant.run(async (tx) => {
      const a = await insertSku(tx, 'WICK-A');
      const b = await insertSku(tx, 'WICK-B');
      const customer = await insertCustomer(tx, 'C-88');
      const at = (minute: number) => new Date(`2025-03-11T09:${String(minute).padStart(2, '0')}:00Z`);
      const base = { customerId: customer, status: 'validated' as const };
      const first = await insertOrder(tx, { ...base, number: 'BS2001', placedAt: at(0), lines: [{ skuId: a, quantity: 2 }] });
      const otherItem = await insertOrder(tx, { ...base, number: 'BS2002', placedAt: at(3), lines: [{ skuId: b, quantity: 2 }] });
      const split = await insertOrder(tx, {
        ...base,
        number: 'BS2003',
        placedAt: at(6),
        lines: [
          { skuId: a, quantity: 1 },
          { skuId: a, quantity: 1 },
        ],
      });
      const same = await insertOrder(tx, { ...base, number: 'BS2004', placedAt: at(9), lines: [{ skuId: a, quantity: 2 }] });
      return { first, otherItem, split, same };
    });
    await detectInTenant({ orderIds: [ids.otherItem.id, ids.split.id] });
    const flagged = () =>
      tenant.run(async (tx) =>
        liveOnly(await exceptionsOfType(tx, 'duplicate_order'))
          .filter((row) => [ids.first.id, ids.otherItem.id, ids.split.id, ids.same.id].includes(row.order_id as string))
          .map((row) => row.order_id),
      );
    expect(await flagged()).toEqual([]);
    await detectInTenant({ orderIds: [ids.same.id] });
    expect(await flagged()).toEqual([ids.same.id]);
  });

  it('flags a marketplace order imported twice', async () => {
    const ids = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'DIFFUSER');
      const first = await insertOrder(tx, {
        number: 'AMZ-1',
        channel: 'amazon',
        externalRef: '111-1234567-1234567',
        status: 'validated',
        placedAt: new Date('2025-03-09T10:00:00Z'),
        lines: [{ skuId: sku, quantity: 1 }],
      });
      const second = await insertOrder(tx, {
        number: 'AMZ-2',
        channel: 'amazon',
        externalRef: '111-1234567-1234567',
        status: 'released',
        placedAt: new Date('2025-03-09T16:00:00Z'),
        lines: [{ skuId: sku, quantity: 1 }],
      });
      return { first, second };
    });
    await detectInTenant({ orderIds: [ids.second.id] });
    const row = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'duplicate_order'))).find((r) => r.order_id === ids.second.id);
    expect(row).toMatchObject({ severity: 'critical' }); // already released to the pick wave
    expect(row!.evidence).toMatchObject({ basis: 'same_external_ref', originalOrderNumber: 'AMZ-1' });
  });
});
