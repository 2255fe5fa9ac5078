import { describe, expect, it } from 'vitest';
import { exceptionsOfType, insertLocation, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();

describe('return_inspection_overdue', () => {
  it('raises after 3 business days without a disposition, dedupes, resolves when dispositioned', async () => {
    // Received Thursday 6 March 10:00 UTC: 3 business days complete on Tuesday 11 March 10:00.
    const ids = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'SHOE');
      const location = await insertLocation(tx, 'RET-1');
      const order = await insertOrder(tx, { number: '40001', status: 'closed', lines: [{ skuId: sku, quantity: 1, shipped: 1 }] });
      const returnId = (
        await tx.query<{ id: string }>(
          `INSERT INTO returns (tenant_id, rma_number, order_id, location_id, status, received_at) VALUES (copilot_tenant_id(), 'RMA-7', $1, $2, 'received', '2025-03-06T10:00:00Z') RETURNING id`,
          [order.id, location],
        )
      ).rows[0]!.id;
      await tx.query(
        `INSERT INTO return_lines (tenant_id, return_id, order_line_id, sku_id, quantity, quantity_received) VALUES (copilot_tenant_id(), $1, $2, $3, 1, 1)`,
        [returnId, order.lineIds[0], sku],
      );
      return { returnId };
    });
    const detect = (now: Date) => detectInTenant({ returnIds: [ids.returnId] }, now);

    await detect(new Date('2025-03-11T09:00:00Z'));
    expect(liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'return_inspection_overdue')))).toHaveLength(0);

    await detect(new Date('2025-03-11T11:00:00Z'));
    await detect(new Date('2025-03-11T12:00:00Z'));
    const rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'return_inspection_overdue')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: 'medium' });
    expect(rows[0]!.evidence).toMatchObject({
      businessDaysSinceReceipt: 3,
      calendarDaysSinceReceipt: 5,
      refundDueBy: '2025-03-20T10:00:00.000Z',
    });

    await tenant.run((tx) =>
      tx.query(`UPDATE return_lines SET disposition = 'restock', grade = 'A', disposition_at = '2025-03-11T13:00:00Z'`),
    );
    expect((await detect(new Date('2025-03-11T13:00:00Z'))).resolved).toEqual([rows[0]!.id]);
  });
});
