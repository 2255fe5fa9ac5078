import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { setSafetyStock } from '../inventory/stock-settings.ts';
import { createOrder } from '../orders/create-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import type { Database, Tx } from './database.ts';
import { APP_ROLE, withTenant } from './tenant-scope.ts';

/** The write notes (core/migrations/0021_write_notes.sql) that the read cache's correctness rests on. */
describe('write notes', () => {
  let db: Database;
  let tenant: Tenant;
  let other: Tenant;
  let ids: Record<string, string>;
  /** Runs fn in a tenant transaction and returns what its writes noted. */
  const notesOf = (fn: (tx: Tx) => Promise<unknown>, tenantId = tenant.id) =>
    withTenant(db, tenantId, async (tx) => {
      await fn(tx);
      const noted = (await tx.query<{ notes: string | null }>(`SELECT current_setting('copilot.writes', true) AS notes`)).rows[0]!.notes;
      return new Set((noted ?? '').split(' ').filter((token) => token !== ''));
    });
  const order = (number: string) =>
    withTenant(
      db,
      tenant.id,
      async (tx) => (await tx.query<{ id: string }>('SELECT id FROM orders WHERE number = $1', [number])).rows[0]!.id,
    );

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    other = await createTenant(db, { slug: 'notes-other', name: 'Notes other' });
    ids = await withTenant(db, tenant.id, async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 20);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 5);
      const rows = await tx.query<{ code: string; id: string }>('SELECT code, id FROM skus');
      return Object.fromEntries(rows.rows.map((row) => [row.code, row.id]));
    });
  });
  afterAll(() => db.close());

  it('notes a stock change by SKU, and nothing of orders or other tables', async () => {
    const notes = await notesOf((tx) =>
      tx.query(`UPDATE inventory_balances SET quantity = quantity + 1 WHERE sku_id = $1 AND status = 'available'`, [ids['MUG-BLK']]),
    );
    expect([...notes]).toEqual([`sku:${ids['MUG-BLK']}`]);
  });

  it("notes an order's lines by order and by SKU, a kit's line by its components too", async () => {
    const notes = await notesOf((tx) =>
      createOrder(tx, orderInput('SO-NOTES-1', [{ sku: 'BREW-KIT', quantity: 1, unitPrice: 40 }]), { actor: 'test' }),
    );
    const id = await order('SO-NOTES-1');
    expect(notes).toContain(`order:${id}`);
    for (const sku of ['BREW-KIT', 'MUG-BLK', 'KETTLE-1L']) expect(notes).toContain(`sku:${ids[sku]}`);
  });

  it("notes an order's status change by the order and by its lines' SKUs (their open demand)", async () => {
    const id = await order('SO-NOTES-1');
    const notes = await notesOf((tx) => tx.query(`UPDATE orders SET notes = 'changed' WHERE id = $1`, [id]));
    const components = await withTenant(db, tenant.id, (tx) =>
      tx.query<{ id: string }>('SELECT component_sku_id AS id FROM kit_components WHERE kit_sku_id = $1', [ids['BREW-KIT']]),
    );
    expect(components.rows.length).toBeGreaterThan(1);
    expect(notes).toEqual(new Set([`order:${id}`, `sku:${ids['BREW-KIT']}`, ...components.rows.map((row) => `sku:${row.id}`)]));
  });

  it('notes an update by the keys before and after it', async () => {
    const set = await notesOf((tx) => setSafetyStock(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 2 }));
    expect(set).toContain(`sku:${ids['MUG-BLK']}`);
    const moved = await notesOf((tx) =>
      tx.query(`UPDATE safety_stock SET sku_id = $2 WHERE sku_id = $1`, [ids['MUG-BLK'], ids['FILTER-100']]),
    );
    expect(moved).toEqual(new Set([`sku:${ids['MUG-BLK']}`, `sku:${ids['FILTER-100']}`]));
  });

  it('notes a table kept whole once, and forgets what a rolled-back savepoint wrote', async () => {
    const notes = await notesOf(async (tx) => {
      await tx.query(`UPDATE skus SET name = name WHERE code = 'MUG-BLK'`);
      await tx.query(`UPDATE skus SET name = name WHERE code = 'KETTLE-1L'`);
      await tx.query('SAVEPOINT undone');
      await tx.query(`UPDATE inventory_balances SET quantity = quantity WHERE sku_id = $1`, [ids['KETTLE-1L']]);
      await tx.query('ROLLBACK TO SAVEPOINT undone');
    });
    expect([...notes]).toEqual(['table:skus']);
  });

  it('notes a transaction of too many keys as anything', async () => {
    const notes = await notesOf(async (tx) => {
      for (let round = 0; round < 40; round += 1) {
        await tx.query(`UPDATE inventory_balances SET quantity = quantity WHERE true`);
        await tx.query(`SELECT copilot_note_writes(ARRAY(SELECT 'order:' || gen_random_uuid() FROM generate_series(1, 50)))`);
      }
    });
    expect([...notes]).toEqual(['*']);
  });

  it('notes only within the transaction: the next one starts empty', async () => {
    await notesOf((tx) => tx.query(`UPDATE skus SET name = name WHERE code = 'MUG-BLK'`));
    expect(await notesOf(async () => {}, other.id)).toEqual(new Set());
  });

  // Whatever a cached read reads must note its writes (a table without notes would leave answers stale).
  // Tables without notes are the ones no cached read reads; adding a table means deciding which it is.
  it('is kept by every table the application role may write, but those no cached read reads', async () => {
    const untracked = await db.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND (has_table_privilege($1, c.oid, 'INSERT') OR has_table_privilege($1, c.oid, 'UPDATE') OR has_table_privilege($1, c.oid, 'DELETE'))
          AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname LIKE 'copilot_note_%')
        ORDER BY 1`,
      [APP_ROLE],
    );
    expect(untracked.rows.map((row) => row.table)).toEqual([
      'agent_runs',
      'agent_thread_messages',
      'agent_threads',
      'approvals',
      'audit_heads',
      'audit_log',
      'proposal_assignments',
      'proposals',
      'web_sessions',
      'webhook_deliveries',
      'webhook_delivery_attempts',
      'webhook_endpoints',
    ]);
  });
});
