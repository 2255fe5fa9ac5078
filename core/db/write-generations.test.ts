import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import type { Database } from './database.ts';
import { APP_ROLE, asOperator, withTenant } from './tenant-scope.ts';

describe('write generations of the embedded database', () => {
  let db: Database;
  let a: Tenant;
  let b: Tenant;
  /** Whether a's and b's users (a table kept whole) may have changed since `since`. */
  const changed = (since: number) => ({
    a: db.writeGenerations!.changedSince(a.id, since, ['table:users']),
    b: db.writeGenerations!.changedSince(b.id, since, ['table:users']),
  });
  const mark = () => db.writeGenerations!.mark();

  beforeAll(async () => {
    db = await createTestDb();
    a = await createTenant(db, { slug: 'generation-a', name: 'Generation A' });
    b = await createTenant(db, { slug: 'generation-b', name: 'Generation B' });
  });
  afterAll(() => db.close());

  it('counts nothing for a transaction that only reads', async () => {
    const before = mark();
    await withTenant(db, a.id, (tx) => tx.query('SELECT count(*) FROM users'));
    await asOperator(db, (tx) => tx.query('SELECT count(*) FROM users'));
    expect(mark()).toBe(before);
  });

  it("changes only the writing tenant's data for a tenant transaction that wrote, and only what it noted", async () => {
    const before = mark();
    await withTenant(db, a.id, (tx) => tx.query(`INSERT INTO users (tenant_id, name, roles) VALUES ($1, 'writer', '{rep}')`, [a.id]));
    expect(changed(before)).toEqual({ a: true, b: false });
    expect(db.writeGenerations!.changedSince(a.id, before, ['table:skus', 'order:00000000-0000-4000-8000-000000000001'])).toBe(false);
  });

  it('counts nothing when the transaction that wrote rolled back', async () => {
    const before = mark();
    await expect(
      withTenant(db, a.id, async (tx) => {
        await tx.query(`INSERT INTO users (tenant_id, name, roles) VALUES ($1, 'undone', '{rep}')`, [a.id]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(mark()).toBe(before);
  });

  it('changes what an operator write noted in every tenant, and anything of every tenant for statements outside a transaction', async () => {
    const first = mark();
    await asOperator(db, (tx) => tx.query(`UPDATE tenants SET name = name WHERE id = $1`, [b.id]));
    expect(changed(first)).toEqual({ a: false, b: false });
    const tenants = (tenantId: string) => db.writeGenerations!.changedSince(tenantId, first, ['table:tenants']);
    expect([tenants(a.id), tenants(b.id)]).toEqual([true, true]);
    const locked = mark();
    // A row lock assigns a transaction id but notes nothing: it counts as anything.
    await asOperator(db, (tx) => tx.query(`SELECT 1 FROM users WHERE tenant_id = $1 FOR UPDATE`, [a.id]));
    expect(changed(locked)).toEqual({ a: true, b: true });
    const second = mark();
    await db.query('SELECT 1');
    expect(changed(second)).toEqual({ a: true, b: true });
  });

  it("counts a tenant transaction that left the tenant's role as a system write", async () => {
    const before = mark();
    await withTenant(db, a.id, async (tx) => {
      await tx.query(`INSERT INTO users (tenant_id, name, roles) VALUES ($1, 'escaped', '{rep}')`, [a.id]);
      await tx.query('RESET ROLE');
    });
    expect(changed(before).b).toBe(true);
  });

  // The tenant-only count is sound only if the application role cannot write outside its tenant:
  // every table it may change has forced row-level security, and every policy through which it writes
  // pins the row to the transaction's tenant.
  it('lets the application role write only rows of the transaction’s tenant', async () => {
    const writable = await db.query<{ table: string; forced: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AND c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND (has_table_privilege($1, c.oid, 'INSERT') OR has_table_privilege($1, c.oid, 'UPDATE') OR has_table_privilege($1, c.oid, 'DELETE'))`,
      [APP_ROLE],
    );
    expect(writable.rows.length).toBeGreaterThan(10);
    expect(writable.rows.filter((row) => !row.forced).map((row) => row.table)).toEqual([]);
    const policies = await db.query<{ table: string; command: string; using: string | null; check: string | null }>(
      `SELECT tablename AS table, cmd AS command, qual AS using, with_check AS check FROM pg_policies
        WHERE schemaname = 'public' AND $1 = ANY (roles) AND cmd IN ('ALL', 'INSERT', 'UPDATE', 'DELETE')`,
      [APP_ROLE],
    );
    const pinned = (expression: string | null) =>
      expression === '(tenant_id = copilot_tenant_id())' || expression === '(id = copilot_tenant_id())';
    const loose = policies.rows.filter(
      (policy) => (policy.command !== 'INSERT' && !pinned(policy.using)) || (policy.command !== 'DELETE' && !pinned(policy.check)),
    );
    expect(policies.rows.length).toBeGreaterThan(10);
    expect(loose).toEqual([]);
  });
});
