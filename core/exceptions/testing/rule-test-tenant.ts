/**
 * The setup every rule test shares: one migrated database and one fixture tenant per test file
 * (created before its tests, closed after), and detection run in that tenant at the tests' clock.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../db/database.ts';
import { createTestDb } from '../../testing/test-db.ts';
import { type DetectionReport, detectExceptions } from '../detect-exceptions.ts';
import type { TouchedEntities } from '../exception-types.ts';
import { type FixtureTenant, fixtureTenant } from './exception-fixtures.ts';

/** The clock rule tests run at (a Monday noon, UTC). */
export const RULE_TEST_NOW = new Date('2025-03-10T12:00:00Z');

export interface RuleTestTenant {
  /** Usable inside tests and later hooks (it delegates to the tenant the file's beforeAll created). */
  tenant: FixtureTenant;
  /** Runs detection in the tenant for the touched entities (a full sweep without them), at RULE_TEST_NOW unless told. */
  detectInTenant(scope?: TouchedEntities, now?: Date): Promise<DetectionReport>;
}

export function useRuleTestTenant(options: { timezone?: string } = {}): RuleTestTenant {
  let db: Database | undefined;
  let created: FixtureTenant | undefined;
  beforeAll(async () => {
    db = await createTestDb();
    created = await fixtureTenant(db, 'acme-test', options.timezone ?? 'UTC');
  });
  afterAll(async () => db?.close());
  const current = (): FixtureTenant => {
    if (!created) throw new Error('the rule test tenant exists only once the file’s beforeAll has run');
    return created;
  };
  const tenant: FixtureTenant = {
    get tenantId() {
      return current().tenantId;
    },
    run: (fn) => current().run(fn),
  };
  return {
    tenant,
    detectInTenant: (scope, now = RULE_TEST_NOW) =>
      tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId, ...(scope ? { scope } : {}), now })),
  };
}
