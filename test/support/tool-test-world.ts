/**
 * Test world for the tool tests: one tenant (plus a second for isolation checks) with two fulfilling
 * warehouses, a non-fulfilling store, a few SKUs (one kit), a consumer and a B2B account, a principal
 * per role, and `call()` through the real policy gate. Scenarios are built with the core's own
 * domain functions, never by writing its tables.
 */
import { upsertLocation, upsertSku } from '../../core/catalog/index.ts';
import { upsertCustomer } from '../../core/customers/index.ts';
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import type { Principal, Role } from '../../core/identity/roles.ts';
import { receiveInventory } from '../../core/inventory/index.ts';
import { createOrder, progressOrder, type CreateOrderInput } from '../../core/orders/index.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { applyPolicy, getProposal, invokeTool } from '../../policies/index.ts';
import type { ToolOutcome } from '../../tools/outcome.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../../tools/registry.ts';
import type { ToolFacts } from '../../tools/tool.ts';

export const ADDRESS = {
  name: 'Dana Reyes',
  line1: '400 Market St',
  city: 'Philadelphia',
  region: 'PA',
  postalCode: '19106',
  country: 'US',
};

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
  await seedCatalog(db, tenant.id);
  await seedCatalog(db, other.id);
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

async function seedCatalog(db: Database, tenantId: string): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    await upsertLocation(tx, { code: 'WH-EAST', name: 'East DC', kind: 'warehouse', priority: 10 });
    await upsertLocation(tx, { code: 'WH-WEST', name: 'West DC', kind: '3pl', priority: 20 });
    await upsertLocation(tx, { code: 'STORE-NYC', name: 'NYC flagship', kind: 'store', fulfillsOrders: false, priority: 50 });
    await upsertSku(tx, { code: 'MUG-BLK', name: 'Enamel mug, black', unitCost: 4, price: 12 });
    await upsertSku(tx, { code: 'KETTLE-1L', name: 'Pour-over kettle 1 L', unitCost: 22, price: 59 });
    await upsertSku(tx, { code: 'FILTER-100', name: 'Paper filters, 100 pack', uom: 'pack', unitCost: 2, price: 6 });
    await upsertSku(tx, {
      code: 'BREW-KIT',
      name: 'Brew starter kit',
      price: 75,
      components: [
        { sku: 'KETTLE-1L', quantity: 1 },
        { sku: 'MUG-BLK', quantity: 2 },
      ],
    });
    await upsertCustomer(tx, { code: 'C-1001', name: 'Dana Reyes', email: 'dana@example.com' });
    await upsertCustomer(tx, {
      code: 'B2B-ACME',
      name: 'Acme Cafés Ltd',
      kind: 'business',
      tier: 'key_account',
      paymentTerms: 'net_30',
      creditLimit: 5000,
    });
  });
}

export function stock(tx: Tx, sku: string, location: string, quantity: number): Promise<unknown> {
  return receiveInventory(tx, { sku, location, quantity });
}

/** Creates an order and lets the core's automation move it as far as it goes (reserved, backordered…). */
export async function placeOrder(tx: Tx, number: string, lines: CreateOrderInput['lines'], overrides: Partial<CreateOrderInput> = {}) {
  await createOrder(tx, { orderNumber: number, channel: 'web', customer: 'C-1001', lines, shippingAddress: ADDRESS, ...overrides });
  return progressOrder(tx, number);
}
