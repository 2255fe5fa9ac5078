import { describe, expect, it } from 'vitest';
import { exceptionsOfType, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const { tenant, detectInTenant } = useRuleTestTenant();

describe('erp_sync_failed', () => {
  it('raises with the error code and attempt count, escalates when attempts pile up, resolves when a sync succeeds', async () => {
    const order = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'PUMP');
      const created = await insertOrder(tx, {
        number: '10482',
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1 }],
      });
      await tx.query(
        `INSERT INTO erp_sync_attempts (tenant_id, order_id, outcome, error_code, error_message, retryable, attempted_at)
         VALUES (copilot_tenant_id(), $1, 'failed', 'ERP-503', 'Service unavailable', true, '2025-03-10T10:00:00Z')`,
        [created.id],
      );
      return created;
    });
    const detect = () => detectInTenant({ orderIds: [order.id] });
    await detect();
    let rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'erp_sync_failed')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: 'medium' });
    expect(rows[0]!.evidence).toMatchObject({ errorCode: 'ERP-503', retryable: true, failedAttempts: 1, hoursFailing: 2 });

    await tenant.run((tx) =>
      tx.query(
        `INSERT INTO erp_sync_attempts (tenant_id, order_id, outcome, error_code, retryable, trigger, attempted_at)
         SELECT copilot_tenant_id(), $1, 'failed', 'ERP-503', true, 'retry', t FROM unnest(ARRAY['2025-03-10T10:05:00Z', '2025-03-10T10:20:00Z']::timestamptz[]) t`,
        [order.id],
      ),
    );
    await detect();
    rows = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'erp_sync_failed')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: 'high' });
    expect(rows[0]!.evidence).toMatchObject({ failedAttempts: 3 });

    await tenant.run((tx) => tx.query(`UPDATE orders SET erp_sync_status = 'synced' WHERE id = $1`, [order.id]));
    const report = await detect();
    expect(report.resolved).toEqual([rows[0]!.id]);
  });

  it('treats a non-retryable code as high severity', async () => {
    const order = await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'VALVE');
      return insertOrder(tx, {
        number: '10483',
        status: 'validated',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-409',
        lines: [{ skuId: sku, quantity: 1 }],
      });
    });
    await detectInTenant({ orderIds: [order.id] });
    const row = liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'erp_sync_failed'))).find((r) => r.order_id === order.id);
    expect(row).toMatchObject({ severity: 'high' });
    expect(row!.evidence).toMatchObject({ errorCode: 'ERP-409', retryable: false, neverRetry: true });
  });
});
