/** Users that are not people: a tenant's service accounts (the triage agent), created on first use. The users table is this folder's. */
import type { Tx } from '../db/database.ts';
import type { Role } from './roles.ts';

/**
 * The id of the tenant's user `name`, created with `roles` when missing. An existing user keeps the
 * roles it has: a service account never widens its own roles by asking again.
 */
export async function ensureServiceUser(tx: Tx, tenantId: string, name: string, roles: readonly Role[]): Promise<string> {
  const result = await tx.query<{ id: string }>(
    `INSERT INTO users (tenant_id, name, roles) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [tenantId, name, roles],
  );
  return result.rows[0]!.id;
}
