/**
 * `copilot serve --mcp-test-tenant SLUG`: /mcp answers without credentials as a service user of a
 * throwaway tenant, so a test client that cannot authenticate (the official MCP conformance suite)
 * can run against the real server. Allowed only when the server listens on a loopback interface, and
 * only for a tenant whose slug marks it as a test tenant (`mcp-test-…`), created on first use, so the
 * mode can never expose a real merchant's data, not even on loopback.
 */
import { z } from 'zod';
import type { Database } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { parseOrThrow, ValidationError } from '../core/errors.ts';
import { ensureServiceUser } from '../core/identity/service-users.ts';
import type { Principal, Role } from '../core/identity/roles.ts';
import { createTenant, findTenant } from '../core/tenants/tenants.ts';

export const MCP_TEST_TENANT_PREFIX = 'mcp-test-';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
/** Every role but integration, so the whole tool, resource and prompt surface is listed. */
const TEST_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator'];
export const MCP_TEST_USER = 'mcp-conformance';

export const mcpTestTenantSlugSchema = z
  .string()
  .regex(
    /^mcp-test-[a-z0-9][a-z0-9-]{0,53}$/,
    `must start with "${MCP_TEST_TENANT_PREFIX}" followed by lowercase letters, digits and dashes`,
  );

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Refuses the mode on any interface but loopback: it serves /mcp without authentication. */
export function assertLoopbackForTestMode(host: string): void {
  if (!isLoopbackHost(host))
    throw new ValidationError(
      `--mcp-test-tenant serves /mcp without authentication and is refused on ${host}: listen on 127.0.0.1, ::1 or localhost`,
    );
}

/** The throwaway tenant (created when missing) and the principal /mcp acts as for unauthenticated requests. */
export async function prepareMcpTestTenant(db: Database, slugInput: string): Promise<Principal> {
  const slug = parseOrThrow(mcpTestTenantSlugSchema, slugInput, '--mcp-test-tenant');
  const tenant = (await findTenant(db, slug)) ?? (await createTenant(db, { slug, name: `MCP test tenant ${slug}` }));
  const userId = await withTenant(db, tenant.id, (tx) => ensureServiceUser(tx, tenant.id, MCP_TEST_USER, TEST_ROLES));
  return { tenantId: tenant.id, tenantSlug: tenant.slug, userId, userName: MCP_TEST_USER, roles: [...TEST_ROLES] };
}
