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
    expect(rows[0]!.evidence).toMatchObject({ resultCode: 'AV-UNIT', channel: 'amazon', suggestion: null });
    expect(rows[0]!.sla_due_at.toISOString()).toBe(shipBy.toISOString());

    await tenant.run((tx) => tx.query(`UPDATE orders SET address_status = 'valid', address_issue = NULL WHERE id = $1`, [order.id]));
    const report = await detect();
    expect(report.resolved).toEqual([rows[0]!.id]);
  });

  it("carries the validator's latest suggestion into the evidence", async () => {
    const order = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'DESK');
      const inserted = await insertOrder(tx, {
        number: 'BS48214',
        status: 'validated',
        addressStatus: 'invalid',
        addressIssue: 'postalCode: AV-POSTAL: postcode does not match city/state',
        lines: [{ skuId: sku, quantity: 1 }],
      });
      for (const [id, suggestion] of [
        [1, { postalCode: '43512' }],
        [2, { postalCode: '43215', note: 7 }],
      ] as const) {
        await tx.query(
          `INSERT INTO order_events (tenant_id, order_id, type, actor, data, occurred_at)
           SELECT tenant_id, id, 'address_validation_failed', 'test', $2::jsonb, now() FROM orders WHERE id = $1`,
          [inserted.id, JSON.stringify({ reason: `attempt ${id}`, suggestion })],
        );
      }
      return inserted;
    });
    await detectInTenant({ orderIds: [order.id] });
    const rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'address_validation_failed'))).filter(
      (row) => row.order_id === order.id,
    );
    expect(rows[0]!.evidence).toMatchObject({ resultCode: 'AV-POSTAL', suggestion: { postalCode: '43215' } });
    expect((rows[0]!.evidence as { suggestion: Record<string, unknown> }).suggestion).not.toHaveProperty('note');
  });
});
