import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../identity/api-keys.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import type { Database } from './database.ts';
import { runInPartnerScope } from './partner-scope.ts';
import { asOperator, queryInTenantScope, withTenant } from './tenant-scope.ts';

describe('withTenant', () => {
  let db: Database;
  let a: Tenant;
  let b: Tenant;
  let bUserId: string;

  beforeAll(async () => {
    db = await createTestDb();
    a = await createTenant(db, { slug: 'tenant-a', name: 'Tenant A' });
    b = await createTenant(db, { slug: 'tenant-b', name: 'Tenant B' });
    await createApiKey(db, { tenantId: a.id, roles: ['rep'] });
    bUserId = (await createApiKey(db, { tenantId: b.id, roles: ['admin'] })).userId;
  });
  afterAll(() => db.close());

  it('sees none of another tenant’s rows, even by id', async () => {
    const rows = await withTenant(db, a.id, async (tx) => {
      const byId = await tx.query('SELECT * FROM users WHERE id = $1', [bUserId]);
      const all = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM users');
      const tenants = await tx.query<{ id: string }>('SELECT id FROM tenants');
      return { byId: byId.rows, all: all.rows, tenants: tenants.rows };
    });
    expect(rows.byId).toEqual([]);
    expect(rows.all.length).toBe(1);
    expect(rows.all.every((row) => row.tenant_id === a.id)).toBe(true);
    expect(rows.tenants).toEqual([{ id: a.id }]);
  });

  it('cannot write rows for another tenant', async () => {
    await expect(
      withTenant(db, a.id, (tx) => tx.query(`INSERT INTO users (tenant_id, name, roles) VALUES ($1, 'intruder', '{rep}')`, [b.id])),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(db, a.id, (tx) => tx.query('UPDATE users SET name = $2 WHERE id = $1', [bUserId, 'renamed'])),
    ).resolves.toMatchObject({ rowCount: 0 });
  });

  it('runs as a role that cannot bypass row-level security', async () => {
    const info = await withTenant(db, a.id, async (tx) => {
      const role = await tx.query<{ current_user: string; rolbypassrls: boolean; rolsuper: boolean }>(
        'SELECT current_user, r.rolbypassrls, r.rolsuper FROM pg_roles r WHERE r.rolname = current_user',
      );
      return role.rows[0];
    });
    expect(info).toEqual({ current_user: 'copilot_app', rolbypassrls: false, rolsuper: false });
  });

  it('leaves no tenant and no role behind after the transaction', async () => {
    const before = (await db.query<{ current_user: string }>('SELECT current_user')).rows[0]?.current_user;
    await withTenant(db, a.id, async () => {});
    const setting = await db.query<{ v: string | null; current_user: string }>(
      `SELECT current_setting('app.tenant_id', true) AS v, current_user`,
    );
    expect(setting.rows[0]?.v ?? '').toBe('');
    expect(setting.rows[0]?.current_user).toBe(before);
    await asOperator(db, async () => {});
    expect((await db.query<{ current_user: string }>('SELECT current_user')).rows[0]?.current_user).toBe(before);
  });

  it('rejects a tenant id that is not a UUID', async () => {
    await expect(withTenant(db, "x' OR 1=1 --", async () => {})).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('lets the operator see every tenant', async () => {
    const count = await asOperator(db, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]?.n);
    expect(count).toBe(2);
  });
});

describe('queryInTenantScope', () => {
  let db: Database;
  let a: Tenant;
  let b: Tenant;
  let bUserId: string;

  beforeAll(async () => {
    db = await createTestDb();
    a = await createTenant(db, { slug: 'scoped-a', name: 'Scoped A' });
    b = await createTenant(db, { slug: 'scoped-b', name: 'Scoped B' });
    await createApiKey(db, { tenantId: a.id, roles: ['rep'] });
    bUserId = (await createApiKey(db, { tenantId: b.id, roles: ['admin'] })).userId;
  });
  afterAll(() => db.close());

  it('runs one statement as the tenant (row-level security applies) or as the operator, with extra settings', async () => {
    const sql = `SELECT current_user AS role, current_setting('app.extra', true) AS extra,
                        (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM users WHERE id = $1) AS by_id`;
    const asA = await queryInTenantScope<{ role: string; extra: string; users: number; by_id: number }>(db, a.id, sql, [bUserId], {
      settings: [['app.extra', 'yes']],
    });
    expect(asA.rows).toEqual([{ role: 'copilot_app', extra: 'yes', users: 1, by_id: 0 }]);
    const operator = await queryInTenantScope<{ role: string; users: number; by_id: number }>(db, null, sql, [bUserId]);
    expect(operator.rows[0]).toMatchObject({ role: 'copilot_operator', users: 2, by_id: 1 });
    // Nothing stays behind on the session.
    expect((await db.query<{ v: string | null }>(`SELECT current_setting('app.extra', true) AS v`)).rows[0]?.v ?? '').toBe('');
    await expect(queryInTenantScope(db, "x' OR 1=1 --", 'SELECT 1', [])).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('keeps a read-only partner’s statement read-only', async () => {
    const partner = { partnerId: '00000000-0000-4000-8000-000000000001', readOnly: true };
    await expect(
      runInPartnerScope(partner, () => queryInTenantScope(db, a.id, `UPDATE users SET name = 'x' WHERE tenant_id = $1`, [a.id])),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/read-only/) });
  });
});
