/** One database with two tenants, a principal per role, the test tools and a test policy. */
import type { Database } from '../../core/db/database.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { applyPolicy } from '../policy-store.ts';
import { createPrincipal, seedTestOrder, type TestPrincipal } from './fixtures.ts';
import { createTestToolRegistry, installTestSchema } from './test-tools.ts';

export const TEST_POLICY = `
format: 1
name: test policy
authority:
  approver: 500
rules:
  - id: refund-deny-huge
    tool: test_issue_refund
    when:
      amount: { gt: 5000 }
    decision: deny
    reason: Refunds above 5000 are never allowed.
  - id: refund-small
    tool: test_issue_refund
    when:
      amount: { lte: 50 }
    decision: allow
    reason: Small refunds are automatic.
    budget: { per: hour, maxCalls: 3 }
  - id: refund-approval
    tool: test_issue_refund
    decision: require_approval
    approverRole: approver
    reason: Refunds need an approver.
  - id: notes-allow
    tool: [test_add_note, test_failing_write]
    decision: allow
    reason: Notes are harmless.
`;

export interface PolicyTestContext {
  db: Database;
  registry: ToolRegistry;
  tenant: Tenant;
  other: Tenant;
  rep: TestPrincipal;
  approver: TestPrincipal;
  approver2: TestPrincipal;
  admin: TestPrincipal;
  otherApprover: TestPrincipal;
}

export async function createPolicyTestContext(options: { policy?: string | null } = {}): Promise<PolicyTestContext> {
  const db = await createTestDb();
  await installTestSchema(db);
  const tenant = await createTenant(db, { slug: 'acme', name: 'Acme' });
  const other = await createTenant(db, { slug: 'globex', name: 'Globex' });
  const policy = options.policy === undefined ? TEST_POLICY : options.policy;
  if (policy) await applyPolicy(db, tenant.id, policy);
  const context: PolicyTestContext = {
    db,
    registry: createTestToolRegistry(),
    tenant,
    other,
    rep: await createPrincipal(db, tenant.id, ['rep'], 'rita-rep'),
    approver: await createPrincipal(db, tenant.id, ['approver'], 'alex-approver'),
    approver2: await createPrincipal(db, tenant.id, ['approver', 'rep'], 'bo-approver'),
    admin: await createPrincipal(db, tenant.id, ['admin'], 'ada-admin'),
    otherApprover: await createPrincipal(db, other.id, ['approver', 'admin'], 'oscar-other'),
  };
  for (let i = 1; i <= 20; i++) await seedTestOrder(db, tenant.id, { ref: `A-${i}`, total: 2000 });
  await seedTestOrder(db, tenant.id, { ref: 'BIG', total: 20_000 });
  await seedTestOrder(db, other.id, { ref: 'B-1', total: 2000 });
  return context;
}
