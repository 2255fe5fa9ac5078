/** Tenants, principals and orders for policy tests. */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import type { Principal, Role } from '../../core/identity/roles.ts';

export interface TestPrincipal extends Principal {
  key: string;
}

export async function createPrincipal(db: Database, tenantId: string, roles: Role[], userName: string): Promise<TestPrincipal> {
  const created = await createApiKey(db, { tenantId, roles, userName });
  return { ...(await authenticateApiKey(db, created.key)), key: created.key };
}

export async function seedTestOrder(
  db: Database,
  tenantId: string,
  order: { ref: string; total: number; refunded?: number; customerTier?: string; creditStatus?: string },
): Promise<void> {
  await withTenant(db, tenantId, (tx) =>
    tx.query('INSERT INTO test_orders (tenant_id, ref, total, refunded, customer_tier, credit_status) VALUES ($1, $2, $3, $4, $5, $6)', [
      tenantId,
      order.ref,
      order.total,
      order.refunded ?? 0,
      order.customerTier ?? 'standard',
      order.creditStatus ?? 'ok',
    ]),
  );
}

export async function countRows(db: Database, tenantId: string, table: 'test_refunds' | 'test_notes'): Promise<number> {
  return withTenant(db, tenantId, async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);
}
