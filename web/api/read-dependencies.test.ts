import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { listExceptions } from '../../core/exceptions/index.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { computeAvailableToSell } from '../../core/inventory/index.ts';
import { getOrder } from '../../core/orders/index.ts';
import { BUNDLED_CORPUS_DIR, ingestPaths } from '../../ingestion/index.ts';
import { createEmbedder } from '../../retrieval/index.ts';
import { searchKnowledgeInTransaction } from '../../retrieval/search/search-knowledge.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario } from '../testing/operations-scenario.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { exceptionListDependencies } from './exception-routes.ts';
import { atsReadDependencies } from './inventory-routes.ts';
import { orderReadDependencies } from './order-routes.ts';
import { runbookSearchDependencies } from './runbook-routes.ts';

/**
 * A cached answer is only as current as its dependencies are complete (docs/decisions/012-write-notes.md):
 * every table the read's statements scan — as PostgreSQL plans them, row-level security included — must
 * note its writes, and the route must depend on those notes (the table, or the kind of key the table
 * notes). A new join in a cached read fails here until its table is a dependency.
 */
describe('the dependencies of cached reads', () => {
  let t: TestApp;
  /** Each table's notes: 'whole' or the kinds of key its trigger writes (`order`, `sku`, …). */
  let notesOf: Map<string, 'whole' | Set<string>>;

  /** The statements `read` runs, and the tables their plans scan. */
  const scannedBy = async (read: (tx: Tx) => Promise<unknown>): Promise<Set<string>> => {
    const statements: Array<{ sql: string; params: readonly unknown[] }> = [];
    await withTenant(t.db, t.tenantA.id, async (tx) => {
      const recording: Tx = {
        ...tx,
        query<Row>(sql: string, params: readonly unknown[] = [], options?: Parameters<Tx['query']>[2]): Promise<QueryResult<Row>> {
          statements.push({ sql, params });
          return tx.query<Row>(sql, params, options);
        },
      };
      await read(recording);
    });
    const tables = new Set<string>();
    await withTenant(t.db, t.tenantA.id, async (tx) => {
      for (const { sql, params } of statements) {
        if (!/^\s*(SELECT|WITH)\b/i.test(sql)) continue;
        const plan = await tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        collectRelations(plan.rows[0]!['QUERY PLAN'], tables);
      }
    });
    expect(statements.length).toBeGreaterThan(0);
    return tables;
  };

  const uncovered = (tables: Set<string>, dependencies: readonly string[]) =>
    [...tables].filter((table) => {
      const notes = notesOf.get(table);
      // The system catalogs (a vector column's dimension) change only by migration: a write of every tenant.
      if (table.startsWith('pg_')) return false;
      if (!notes) return true; // a table without notes: no dependency can cover it
      if (notes === 'whole') return !dependencies.includes(`table:${table}`);
      return ![...notes].some((kind) => dependencies.some((dependency) => dependency.startsWith(`${kind}:`)));
    });

  beforeAll(async () => {
    t = await createTestApp();
    await seedOperationsScenario(t.db, buildDefaultRegistry(), await authenticateApiKey(t.db, t.keys.rep), 10481);
    const triggers = await t.db.query<{ table: string; function: string; source: string }>(
      `SELECT c.relname AS table, p.proname AS function, p.prosrc AS source
         FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
        WHERE g.tgname LIKE 'copilot_note_%' AND p.proname <> 'copilot_note_truncate'`,
    );
    notesOf = new Map();
    for (const trigger of triggers.rows) {
      if (trigger.function === 'copilot_note_table_write') notesOf.set(trigger.table, 'whole');
      else notesOf.set(trigger.table, new Set([...trigger.source.matchAll(/'([a-z]+):'/g)].map((match) => match[1]!)));
    }
  });
  afterAll(() => t.close());

  it('knows the notes of the tables the reads scan', () => {
    expect(notesOf.get('orders')).toEqual(new Set(['order', 'sku']));
    expect(notesOf.get('inventory_balances')).toEqual(new Set(['sku']));
    expect(notesOf.get('exceptions')).toBe('whole');
  });

  it('covers every table an order read scans', async () => {
    const order = await withTenant(t.db, t.tenantA.id, (tx) => getOrder(tx, 'SO-10481'));
    const tables = await scannedBy((tx) => getOrder(tx, 'SO-10481'));
    expect(tables).toContain('reservations');
    expect(uncovered(tables, orderReadDependencies(order))).toEqual([]);
  });

  it("covers every table an ATS read scans, a kit's and one location's too", async () => {
    for (const request of [{ sku: 'MUG-BLK' }, { sku: 'MUG-BLK', location: 'WH-EAST', channel: 'web' }]) {
      const ats = await withTenant(t.db, t.tenantA.id, (tx) => computeAvailableToSell(tx, request));
      const tables = await scannedBy((tx) => computeAvailableToSell(tx, request));
      expect(tables).toContain('inventory_balances');
      expect(uncovered(tables, atsReadDependencies(ats))).toEqual([]);
    }
  });

  it('covers every table an exception list scans', async () => {
    const tables = await scannedBy((tx) => listExceptions(tx, { status: 'live', limit: 20 }));
    expect(uncovered(tables, exceptionListDependencies({}))).toEqual([]);
  });

  it('covers every table a runbook search scans', async () => {
    const embedder = createEmbedder(t.config);
    await ingestPaths(t.db, [join(BUNDLED_CORPUS_DIR, 'rb-credit-hold.md')], { embedder });
    for (const mode of ['hybrid', 'text', 'vector'] as const) {
      const tables = await scannedBy((tx) => searchKnowledgeInTransaction(tx, { query: 'credit hold release', k: 5, mode }, { embedder }));
      expect(tables).toContain('knowledge_chunks');
      expect(uncovered(tables, runbookSearchDependencies())).toEqual([]);
    }
  });
});

/** Every "Relation Name" in an EXPLAIN (FORMAT JSON) plan, subplans included. */
function collectRelations(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRelations(item, into);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'Relation Name' && typeof value === 'string') into.add(value);
    else collectRelations(value, into);
  }
}
