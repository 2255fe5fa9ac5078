/**
 * Who the triage agent acts as: a per-tenant service user "copilot-triage-agent" with the rep role
 * (it may propose writes; whether they run is the policy's decision, and a person approves the rest —
 * never the agent itself, so four-eyes holds). Created on first use.
 */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { Principal, Role } from '../../core/identity/roles.ts';
import { ensureServiceUser } from '../../core/identity/service-users.ts';

export const TRIAGE_AGENT_USER = 'copilot-triage-agent';
const TRIAGE_AGENT_ROLES: Role[] = ['rep'];

const cache = new Map<string, Principal>();

export async function triagePrincipal(db: Database, tenant: { id: string; slug: string }): Promise<Principal> {
  const cached = cache.get(tenant.id);
  if (cached) return cached;
  // The agent needs a user row (proposals and audit name it), not an API key.
  const userId = await withTenant(db, tenant.id, (tx) => ensureServiceUser(tx, tenant.id, TRIAGE_AGENT_USER, TRIAGE_AGENT_ROLES));
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
