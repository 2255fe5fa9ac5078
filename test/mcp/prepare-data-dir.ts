/**
 * An embedded database directory for tests that spawn `copilot mcp`: two tenants, catalog, stock, an
 * order per tenant, a policy for tenant A and API keys. The directory is closed before returning —
 * PGlite allows one process per directory (a lock), and the spawned server must be that process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertLocation, upsertSku } from '../../core/catalog/index.ts';
import { upsertCustomer } from '../../core/customers/index.ts';
import { migrateAll } from '../../core/db/open.ts';
import { openPglite } from '../../core/db/pglite.ts';
import { createTestDataDir } from '../../core/testing/test-db.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { createApiKey, revokeApiKey } from '../../core/identity/api-keys.ts';
import { detectExceptions } from '../../core/exceptions/detect-exceptions.ts';
import { receiveInventory } from '../../core/inventory/index.ts';
import { createOrder, progressOrder } from '../../core/orders/index.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { applyPolicy } from '../../policies/index.ts';

/** Tenant A's policy: customer-requested holds run, fraud holds are refused, other holds wait for an approver (the default). */
export const E2E_POLICY = `
format: 1
name: MCP end-to-end policy
rules:
  - id: hold-fraud-refused
    tool: place_order_hold
    when:
      holdReasonCode: FRAUD-REVIEW
    decision: deny
    reason: Fraud-review holds are placed by the risk team, not through tools.
  - id: hold-customer-request
    tool: place_order_hold
    when:
      holdReasonCode: CUSTOMER-REQ
    decision: allow
    reason: A hold the customer asked for is low risk.
`;

const ADDRESS = { name: 'Dana Reyes', line1: '400 Market St', city: 'Philadelphia', region: 'PA', postalCode: '19106', country: 'US' };

export interface PreparedDataDir {
  dir: string;
  keys: { repA: string; approverA: string; repB: string; revokedA: string };
  /** Order numbers: tenant A has 10482 and 10483 (a suspected duplicate), tenant B has 20001. */
  remove(): Promise<void>;
}

export async function prepareDataDir(): Promise<PreparedDataDir> {
  const dir = await mkdtemp(join(tmpdir(), 'copilot-mcp-e2e-'));
  await createTestDataDir(dir);
  const db = await openPglite(dir);
  try {
    await migrateAll(db);
    const tenantA = await createTenant(db, { slug: 'acme-supply', name: 'Acme Supply' });
    const tenantB = await createTenant(db, { slug: 'globex', name: 'Globex' });
    for (const [tenant, orders] of [
      [tenantA, ['10482', '10483']],
      [tenantB, ['20001']],
    ] as const) {
      await withTenant(db, tenant.id, async (tx) => {
        await upsertLocation(tx, { code: 'WH-EAST', name: 'East DC', kind: 'warehouse', priority: 10 });
        await upsertSku(tx, { code: 'MUG-BLK', name: 'Enamel mug, black', unitCost: 4, price: 12 });
        await upsertCustomer(tx, { code: 'C-1001', name: 'Dana Reyes', email: 'dana@example.com' });
        await receiveInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 50 });
        for (const orderNumber of orders) {
          await createOrder(tx, {
            orderNumber,
            channel: 'web',
            customer: 'C-1001',
            lines: [{ sku: 'MUG-BLK', quantity: 2, unitPrice: 12 }],
            shippingAddress: ADDRESS,
          });
          await progressOrder(tx, orderNumber);
        }
        // Tenant A's 10483 repeats 10482 minutes apart: the core raises a duplicate_order exception.
        await detectExceptions(tx, { tenantId: tenant.id });
      });
    }
    await applyPolicy(db, tenantA.id, E2E_POLICY);
    const key = async (tenantId: string, roles: Array<'rep' | 'approver'>, userName: string) =>
      (await createApiKey(db, { tenantId, roles, userName })).key;
    const keys = {
      repA: await key(tenantA.id, ['rep'], 'rita-rep'),
      approverA: await key(tenantA.id, ['approver'], 'alex-approver'),
      repB: await key(tenantB.id, ['rep'], 'bea-rep'),
      revokedA: await key(tenantA.id, ['rep'], 'gone-rep'),
    };
    await revokeApiKey(db, keys.revokedA.split('_')[1]!);
    return { dir, keys, remove: () => rm(dir, { recursive: true, force: true }) };
  } finally {
    await db.close();
  }
}
