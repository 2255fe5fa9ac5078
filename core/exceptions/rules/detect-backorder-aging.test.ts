import { describe, expect, it } from 'vitest';
import { exceptionsOfType, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();

describe('backorder_aging', () => {
  it('raises at 7 days, raises severity by band without a second exception, clears on a confirmed date or reservation', async () => {
    const order = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'GLOVE');
      return insertOrder(tx, {
        number: '50001',
        status: 'backordered',
        placedAt: new Date('2025-03-01T09:00:00Z'),
        lines: [{ skuId: sku, quantity: 4, backordered: 4 }],
      });
    });
    const detect = (now: string) => detectInTenant({ orderIds: [order.id] }, new Date(now));
    const rows = async () => liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'backorder_aging')));

    await detect('2025-03-07T09:00:00Z');
    expect(await rows()).toHaveLength(0);
    await detect('2025-03-08T10:00:00Z');
    expect(await rows()).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ severity: 'medium' });
    expect((await rows())[0]!.evidence).toMatchObject({ ageDays: 7, band: 'amber', quantityBackordered: 4 });

    await detect('2025-03-16T10:00:00Z');
    const escalated = await rows();
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({ severity: 'high' });
    expect(escalated[0]!.evidence).toMatchObject({ band: 'red', ageDays: 15 });

    // A notice with a new date still ahead is a confirmed ship date: the cause is handled.
    await tenant.run((tx) =>
      tx.query(
        `INSERT INTO backorder_notices (tenant_id, order_id, order_line_id, new_promised_date, message, sent_by, sent_at)
         VALUES (copilot_tenant_id(), $1, $2, '2025-03-25T00:00:00Z', 'New date', 'rep', '2025-03-16T11:00:00Z')`,
        [order.id, order.lineIds[0]],
      ),
    );
    expect((await detect('2025-03-16T12:00:00Z')).resolved).toEqual([escalated[0]!.id]);
    // The communicated date passes: a new occurrence.
    await detect('2025-03-26T12:00:00Z');
    const again = await rows();
    expect(again).toHaveLength(1);
    expect(again[0]!.evidence).toMatchObject({ communicatedDatePassed: true });
    expect(again[0]!.id).not.toBe(escalated[0]!.id);
  });
});
