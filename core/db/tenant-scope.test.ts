import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../identity/api-keys.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import type { Database } from './database.ts';
import { asOperator, withTenant } from './tenant-scope.ts';

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
