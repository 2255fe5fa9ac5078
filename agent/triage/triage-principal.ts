/**
 * Who the triage agent acts as: a per-tenant service user "copilot-triage-agent" with the rep role
 * (it may propose writes; whether they run is the policy's decision, and a person approves the rest —
 * never the agent itself, so four-eyes holds). Created on first use.
 */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { Principal, Role } from '../../core/identity/roles.ts';

export const TRIAGE_AGENT_USER = 'copilot-triage-agent';
const TRIAGE_AGENT_ROLES: Role[] = ['rep'];

const cache = new Map<string, Principal>();

export async function triagePrincipal(db: Database, tenant: { id: string; slug: string }): Promise<Principal> {
  const cached = cache.get(tenant.id);
  if (cached) return cached;
  // The core exports no "ensure user" without an API key; the agent needs a user row, not a key.
  const userId = await withTenant(db, tenant.id, async (tx) => {
    const result = await tx.query<{ id: string }>(
      `INSERT INTO users (tenant_id, name, roles) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [tenant.id, TRIAGE_AGENT_USER, TRIAGE_AGENT_ROLES],
    );
    return result.rows[0]!.id;
  });
  const principal: Principal = {
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    userId,
    userName: TRIAGE_AGENT_USER,
    roles: TRIAGE_AGENT_ROLES,
  };
  cache.set(tenant.id, principal);
  return principal;
}

/** Forget cached principals (tests that recreate tenants in a fresh database). */
export function clearTriagePrincipals(): void {
  cache.clear();
}
