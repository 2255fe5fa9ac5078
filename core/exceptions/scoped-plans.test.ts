import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, QueryOptions, QueryResult, Tx } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { EXCEPTION_RULES } from './rules/index.ts';
import { inScope, inScopeWhenFlagged, scopedPlan, type DetectionScope, type RuleContext } from './rules/rule.ts';
import { productCalendar } from './sla-calendar.ts';
import {
  exceptionsOfType,
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertPayment,
  insertSku,
  liveOnly,
  setBalance,
  type FixtureTenant,
} from './testing/exception-fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
const someId = '00000000-0000-4000-8000-000000000001';
const scope: DetectionScope = {
  orderIds: [someId],
  skuIds: [someId],
  locationIds: [],
  customerIds: [someId],
  shipmentIds: [],
  returnIds: [],
  invoiceIds: [],
};
const context = (scoped: boolean): RuleContext => ({
  tenantId: someId,
  now,
  timeZone: 'UTC',
  calendar: productCalendar('UTC'),
  scope: scoped ? scope : null,
});

/** Statements a rule sends, with their options, answered with no rows. */
async function statementsOf(rule: (typeof EXCEPTION_RULES)[number], scoped: boolean) {
  const sent: Array<{ sql: string; options: QueryOptions | undefined }> = [];
  const tx: Tx = {
    async query<Row>(sql: string, _params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
      sent.push({ sql, options });
      return { rows: [], rowCount: 0 };
    },
    exec: async () => {},
  };
  await rule.detect(tx, context(scoped));
  return sent;
}

const SWEEP_TEST = /::uuid\[\] IS NULL OR|::boolean IS FALSE OR/;

describe('scope filters of rule statements', () => {
  it('are the condition alone in a scoped run and the null test or the condition in a sweep', () => {
    expect(inScope(context(true), 1, 'o.id = ANY($1::uuid[])')).toBe('(o.id = ANY($1::uuid[]))');
    expect(inScope(context(false), 2, 'o.id = ANY($2::uuid[])')).toBe('($2::uuid[] IS NULL OR o.id = ANY($2::uuid[]))');
    expect(inScopeWhenFlagged(context(true), 1, 'l.id = ANY($2::uuid[])')).toBe('($1::boolean AND (l.id = ANY($2::uuid[])))');
    expect(inScopeWhenFlagged(context(false), 1, 'l.id = ANY($2::uuid[])')).toBe('($1::boolean IS FALSE OR l.id = ANY($2::uuid[]))');
    expect(scopedPlan(context(true))).toEqual({ prepare: 'everywhere' });
    expect(scopedPlan(context(false))).toBeUndefined();
  });

  // duplicate_order keeps one text for both (its statement's plan is shaped by row estimates; it runs
  // only when its pre-check finds a possible partner), so it is not kept prepared.
  const preparedRules = EXCEPTION_RULES.filter((rule) => rule.type !== 'duplicate_order');

  it.each(preparedRules.map((rule) => [rule.type, rule] as const))(
    '%s: a scoped run sends prepared statements without a sweep test, a sweep unprepared ones with it',
    async (_type, rule) => {
      const scoped = await statementsOf(rule, true);
      expect(scoped.length).toBeGreaterThan(0);
      for (const statement of scoped) {
        expect(statement.sql).not.toMatch(SWEEP_TEST);
        expect(statement.options).toEqual({ prepare: 'everywhere' });
      }
      const sweep = await statementsOf(rule, false);
      expect(sweep.length).toBeGreaterThan(0);
      expect(sweep.some((statement) => SWEEP_TEST.test(statement.sql))).toBe(true);
      for (const statement of sweep) expect(statement.options?.prepare).toBeUndefined();
    },
  );
});

describe('scoped detection under generic plans', () => {
  let db: Database;
  let tenant: FixtureTenant;
  beforeAll(async () => {
    db = await createTestDb();
    tenant = await fixtureTenant(db, 'generic-plans');
  });
  afterAll(async () => db.close());

  it('raises and auto-resolves as custom plans do, whatever the ids (each statement planned once, for any values)', async () => {
    // Every later EXECUTE of a prepared statement uses its generic plan: the one a long-lived process keeps.
    await db.exec('SET plan_cache_mode = force_generic_plan');
    try {
      const { order, sku } = await tenant.run(async (tx) => {
        const location = await insertLocation(tx, 'WH-G');
        const sku = await insertSku(tx, 'SKU-G');
        await setBalance(tx, sku, location, 'available', -2);
        const order = await insertOrder(tx, {
          number: '70001',
          status: 'released',
          total: 100,
          erpSyncStatus: 'failed',
          erpLastError: 'ERP-422',
          lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
        });
        await insertPayment(tx, order.id, { reference: 'pi_generic', captured: 110 });
        return { order, sku };
      });
      const detect = () =>
        tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId, scope: { orderIds: [order.id], skuIds: [sku] }, now }));
      // Other ids first, so the statements are prepared and planned before the ones that matter.
      for (let round = 0; round < 3; round += 1) {
        await tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId, scope: { orderIds: [someId], skuIds: [someId] }, now }));
      }
      const raised = await detect();
      expect(raised.raised).toHaveLength(3);
      expect(Object.keys(raised.byType).sort()).toEqual(['erp_sync_failed', 'payment_mismatch', 'stock_conflict']);
      for (const type of ['erp_sync_failed', 'payment_mismatch', 'stock_conflict']) {
        expect(liveOnly(await tenant.run((tx) => exceptionsOfType(tx, type)))).toHaveLength(1);
      }

      await tenant.run((tx) => tx.query(`UPDATE orders SET erp_sync_status = 'synced' WHERE id = $1`, [order.id]));
      const resolved = await detect();
      expect(resolved.raised).toEqual([]);
      expect(resolved.resolved).toHaveLength(1);
      expect(liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'erp_sync_failed')))).toEqual([]);
      const prepared = await db.query<{ statement: string }>(
        `SELECT statement FROM pg_prepared_statements WHERE statement ILIKE '%erp_sync_attempts%' OR statement ILIKE '%inventory_balances%'`,
      );
      expect(prepared.rows.length).toBeGreaterThan(0);
      for (const row of prepared.rows) expect(row.statement).not.toMatch(SWEEP_TEST);
    } finally {
      await db.exec('RESET plan_cache_mode');
    }
  });
});
