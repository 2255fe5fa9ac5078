import { describe, expect, it } from 'vitest';
import { exceptionsOfType, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();

describe('address_validation_failed', () => {
  it('raises for an unshipped order with an invalid address, caps the SLA at ship-by, dedupes, resolves on correction', async () => {
    const shipBy = new Date('2025-03-10T20:00:00Z');
    const order = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'LAMP');
      return insertOrder(tx, {
        number: 'BS48213',
        channel: 'amazon',
        status: 'validated',
        addressStatus: 'invalid',
        addressIssue: 'AV-UNIT: apartment number missing',
        promisedDate: shipBy,
        lines: [{ skuId: sku, quantity: 1 }],
      });
    });
    const detect = () => detectInTenant({ orderIds: [order.id] });
    await detect();
    await detect();
    const rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'address_validation_failed')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ order_id: order.id, severity: 'critical' }); // marketplace, ship-by within 24h
    expect(rows[0]!.evidence).toMatchObject({ resultCode: 'AV-UNIT', channel: 'amazon' });
    expect(rows[0]!.sla_due_at.toISOString()).toBe(shipBy.toISOString());

    await tenant.run((tx) => tx.query(`UPDATE orders SET address_status = 'valid', address_issue = NULL WHERE id = $1`, [order.id]));
    const report = await detect();
    expect(report.resolved).toEqual([rows[0]!.id]);
  });
});
