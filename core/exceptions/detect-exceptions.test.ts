import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { createTestDb } from '../testing/test-db.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { getException, listExceptions } from './list-exceptions.ts';
import { dismissException, reopenException, resolveException } from './set-exception-status.ts';
import { exceptionsOfType, fixtureTenant, insertOrder, insertSku, liveOnly, type FixtureTenant } from './testing/exception-fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
let db: Database;
let acme: FixtureTenant;
let bright: FixtureTenant;

beforeAll(async () => {
  db = await createTestDb();
  acme = await fixtureTenant(db, 'acme-industrial');
  bright = await fixtureTenant(db, 'brightside');
});
afterAll(async () => db.close());

async function failingSync(tenant: FixtureTenant, number: string) {
  return tenant.run(async (tx) => {
    const sku = await insertSku(tx, `SKU-${number}`);
    return insertOrder(tx, {
      number,
      status: 'released',
      erpSyncStatus: 'failed',
      erpLastError: 'ERP-422',
      lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
    });
  });
}

describe('detectExceptions', () => {
  it('refuses to run outside the tenant scope (the rules rely on row-level security)', async () => {
    await expect(asOperator(db, (tx) => detectExceptions(tx, { tenantId: acme.tenantId, now }))).rejects.toThrow(/withTenant/);
    await expect(bright.run((tx) => detectExceptions(tx, { tenantId: acme.tenantId, now }))).rejects.toThrow(/withTenant/);
  });

  it('keeps tenants apart: a sweep of one tenant never sees or resolves the other', async () => {
    const order = await failingSync(acme, '60001');
    await acme.run((tx) => detectExceptions(tx, { tenantId: acme.tenantId, now }));
    const report = await bright.run((tx) => detectExceptions(tx, { tenantId: bright.tenantId, now }));
    expect(report.raised).toEqual([]);
    expect(report.resolved).toEqual([]);
    expect(await bright.run((tx) => listExceptions(tx, {}, now))).toEqual([]);
    const [acmeException] = await acme.run((tx) => listExceptions(tx, { orderId: order.id }, now));
    expect(acmeException).toMatchObject({ type: 'erp_sync_failed', status: 'open', codes: { orderNumber: '60001' } });
  });

  it('does not re-raise a cause a person closed while it persists, but does once it cleared and came back', async () => {
    const order = await failingSync(acme, '60002');
    const detect = (at: Date) =>
      acme.run((tx) => detectExceptions(tx, { tenantId: acme.tenantId, scope: { orderIds: [order.id] }, now: at }));
    const first = await detect(now);
    expect(first.raised).toHaveLength(1);
    await acme.run((tx) => dismissException(tx, first.raised[0]!, { actor: 'rep:ana', note: 'known ERP maintenance' }));

    const again = await detect(new Date('2025-03-10T13:00:00Z'));
    expect(again.raised).toEqual([]);
    expect(again.suppressed).toBe(1);

    await acme.run((tx) => tx.query(`UPDATE orders SET erp_sync_status = 'synced' WHERE id = $1`, [order.id]));
    await detect(new Date('2025-03-10T14:00:00Z'));
    await acme.run((tx) => tx.query(`UPDATE orders SET erp_sync_status = 'failed' WHERE id = $1`, [order.id]));
    const recurred = await detect(new Date('2025-03-10T15:00:00Z'));
    expect(recurred.raised).toHaveLength(1);
    expect(recurred.raised[0]).not.toBe(first.raised[0]);
  });

  it('records history: detected, status changes, auto-resolution; reopening is refused while a new occurrence is live', async () => {
    const order = await failingSync(acme, '60003');
    const detect = (at: Date) =>
      acme.run((tx) => detectExceptions(tx, { tenantId: acme.tenantId, scope: { orderIds: [order.id] }, now: at }));
    const [id] = (await detect(now)).raised;
    await acme.run((tx) =>
      resolveException(tx, id!, { actor: 'rep:ana', note: 'fixed the customer record', now: new Date('2025-03-10T12:30:00Z') }),
    );
    await acme.run((tx) => tx.query(`UPDATE orders SET erp_sync_status = 'synced' WHERE id = $1`, [order.id]));
    await detect(new Date('2025-03-10T12:45:00Z'));
    await acme.run((tx) => tx.query(`UPDATE orders SET erp_sync_status = 'failed' WHERE id = $1`, [order.id]));
    const [second] = (await detect(new Date('2025-03-10T13:00:00Z'))).raised;
    await expect(acme.run((tx) => reopenException(tx, id!, { actor: 'rep:ana' }))).rejects.toThrow(/already open for the same cause/);

    await acme.run((tx) => tx.query(`UPDATE orders SET erp_sync_status = 'synced' WHERE id = $1`, [order.id]));
    await detect(new Date('2025-03-10T13:30:00Z'));
    const detail = await acme.run((tx) => getException(tx, second!, now));
    expect(detail).toMatchObject({ status: 'resolved', resolution: { how: 'auto', code: 'RES-AUTO' } });
    expect(detail.history.map((entry) => entry.kind)).toEqual(['detected', 'auto_resolved']);
    const first = await acme.run((tx) => getException(tx, id!, now));
    expect(first.history.map((entry) => entry.kind)).toEqual(['detected', 'status_changed']);
    expect(first.resolution).toMatchObject({ how: 'human', code: 'RES-ACTION', note: 'fixed the customer record', resolvedBy: 'rep:ana' });
  });

  it('raises severity (never lowers it) and pulls the SLA in when an exception turns critical', async () => {
    const order = await acme.run(async (tx) => {
      const sku = await insertSku(tx, 'SKU-BO');
      return insertOrder(tx, {
        number: '60004',
        status: 'backordered',
        placedAt: new Date('2025-02-01T09:00:00Z'),
        lines: [{ skuId: sku, quantity: 1, backordered: 1 }],
      });
    });
    const detect = (at: string) =>
      acme.run((tx) => detectExceptions(tx, { tenantId: acme.tenantId, scope: { orderIds: [order.id] }, now: new Date(at) }));
    await detect('2025-02-17T10:00:00Z'); // 16 days: red band
    const [before] = liveOnly(await acme.run((tx) => exceptionsOfType(tx, 'backorder_aging')));
    expect(before).toMatchObject({ severity: 'high' });
    await detect('2025-03-04T10:00:00Z'); // 31 days: critical
    const [after] = liveOnly(await acme.run((tx) => exceptionsOfType(tx, 'backorder_aging')));
    expect(after).toMatchObject({ id: before!.id, severity: 'critical' });
    // Critical runs on calendar hours from detection: 24h after 17 Feb 10:00.
    expect(after!.sla_due_at.toISOString()).toBe('2025-02-18T10:00:00.000Z');
    const history = await acme.run((tx) => getException(tx, after!.id, now));
    expect(history.history.map((entry) => entry.kind)).toEqual(['detected', 'severity_raised']);
  });
});
