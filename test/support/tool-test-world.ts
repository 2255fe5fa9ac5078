/**
 * Test world for the tool tests: one tenant (plus a second for isolation checks) with two fulfilling
 * warehouses, a non-fulfilling store, a few SKUs (one kit), a consumer and a B2B account, a principal
 * per role, and `call()` through the real policy gate. Scenarios are built with the core's own
 * domain functions, never by writing its tables.
 */
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import type { Principal, Role } from '../../core/identity/roles.ts';
import { ADDRESS, seedDomainCatalog, stock } from '../../core/domain/test-fixtures.ts';
import { createOrder, progressOrder, type CreateOrderInput } from '../../core/orders/index.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { applyPolicy, getProposal, invokeTool } from '../../policies/index.ts';
import type { ToolOutcome } from '../../tools/outcome.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../../tools/registry.ts';
import type { ToolFacts } from '../../tools/tool.ts';

export { ADDRESS, stock };

/** Lets every write run at once, so tests see results; the policy itself is tested in policies/. */
export const ALLOW_ALL_POLICY = `
format: 1
name: tool tests
rules:
  - id: allow-everything
    tool: "*"
    decision: allow
    reason: Tool tests execute every call.
`;

export interface ToolTestWorld {
  db: Database;
  registry: ToolRegistry;
  tenant: Tenant;
  other: Tenant;
  principals: Record<Role, Principal>;
  otherRep: Principal;
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A tool call through the policy gate, as `principal` (default: the rep). */
  call(tool: string, args: unknown, principal?: Principal, options?: { now?: Date }): Promise<ToolOutcome>;
  /** The facts inspect() recorded on the proposal behind an outcome. */
  evidence(outcome: ToolOutcome): Promise<ToolFacts>;
  close(): Promise<void>;
}

export async function createToolTestWorld(options: { policy?: string | null } = {}): Promise<ToolTestWorld> {
  const db = await createTestDb();
  const registry = buildDefaultRegistry();
  const tenant = await createTenant(db, { slug: 'acme-tools', name: 'Acme tools' });
  const other = await createTenant(db, { slug: 'globex-tools', name: 'Globex tools' });
  const policy = options.policy === undefined ? ALLOW_ALL_POLICY : options.policy;
  if (policy) await applyPolicy(db, tenant.id, policy);
  const principal = async (tenantId: string, roles: Role[], userName: string) =>
    authenticateApiKey(db, (await createApiKey(db, { tenantId, roles, userName })).key);
  const principals = {
    rep: await principal(tenant.id, ['rep'], 'rita-rep'),
    approver: await principal(tenant.id, ['approver'], 'alex-approver'),
    admin: await principal(tenant.id, ['admin'], 'ada-admin'),
    evaluator: await principal(tenant.id, ['evaluator'], 'eve-evaluator'),
    integration: await principal(tenant.id, ['integration'], 'wms-integration'),
  };
  await withTenant(db, tenant.id, seedDomainCatalog);
  await withTenant(db, other.id, seedDomainCatalog);
  return {
    db,
    registry,
    tenant,
    other,
    principals,
    otherRep: await principal(other.id, ['rep'], 'oscar-rep'),
    run: (fn) => withTenant(db, tenant.id, fn),
    call: (tool, args, as = principals.rep, callOptions = {}) =>
      invokeTool(db, registry, { principal: as, tool, args, origin: { kind: 'user', ref: 'tool-test' } }, callOptions),
    async evidence(outcome) {
      if (!outcome.proposalId) throw new Error(`outcome of ${outcome.tool} has no proposal: ${JSON.stringify(outcome)}`);
      return (await getProposal(db, principals.admin, outcome.proposalId)).evidence as ToolFacts;
    },
    close: () => db.close(),
  };
}

/** Creates an order and lets the core's automation move it as far as it goes (reserved, backordered…). */
export async function placeOrder(tx: Tx, number: string, lines: CreateOrderInput['lines'], overrides: Partial<CreateOrderInput> = {}) {
  await createOrder(tx, { orderNumber: number, channel: 'web', customer: 'C-1001', lines, shippingAddress: ADDRESS, ...overrides });
  return progressOrder(tx, number);
}
