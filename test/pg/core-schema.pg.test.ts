import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { migrate, type MigrationReport } from '../../core/db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../../core/db/migration-groups.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { authenticateApiKey, createApiKey, type CreatedApiKey } from '../../core/identity/api-keys.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { startPostgres, TEST_ROLE, type PostgresServer } from './postgres-server.ts';

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcreaterole: boolean;
  rolcanlogin: boolean;
}

describe('core schema on real PostgreSQL 15 (non-superuser role)', () => {
  let server: PostgresServer;
  let db: Database;
  let firstRun: MigrationReport;

  beforeAll(async () => {
    server = await startPostgres();
    db = openPostgres({ connectionString: server.connectionString, maxConnections: 4 });
    firstRun = await migrate(db, CORE_MIGRATION_GROUPS);
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it('connects as a login role that is not a superuser and cannot bypass RLS', async () => {
    const me = await db.query<RoleRow & { current_user: string; version: string }>(
      `SELECT current_user, current_setting('server_version') AS version, rolsuper, rolbypassrls, rolcreaterole
         FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me.rows[0]).toMatchObject({ current_user: TEST_ROLE, rolsuper: false, rolbypassrls: false, rolcreaterole: true });
    expect(me.rows[0]!.version).toMatch(/^15\./);
  });

  it('applies every core migration, and applying again is a no-op', async () => {
    expect(firstRun.applied).toContain('core/0001_roles_tenants_identity.sql');
    expect(firstRun.alreadyApplied).toBe(0);
    const recorded = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copilot_migrations');
    expect(recorded.rows[0]!.n).toBe(firstRun.applied.length);

    const secondRun = await migrate(db, CORE_MIGRATION_GROUPS);
    expect(secondRun).toEqual({ applied: [], alreadyApplied: firstRun.applied.length });
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copilot_migrations');
    expect(after.rows[0]!.n).toBe(firstRun.applied.length);
  });

  it('creates the app and operator roles without superuser or BYPASSRLS, granted to the migrating role', async () => {
    const roles = await db.query<RoleRow & { member: boolean }>(
      `SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, rolcanlogin,
              pg_has_role(current_user, oid, 'MEMBER') AS member
         FROM pg_roles WHERE rolname IN ('copilot_app', 'copilot_operator') ORDER BY rolname`,
    );
    const flags = { rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcanlogin: false, member: true };
    expect(roles.rows).toEqual([
      { rolname: 'copilot_app', ...flags },
      { rolname: 'copilot_operator', ...flags },
    ]);
  });

  describe('row-level security between two tenants', () => {
    let a: Tenant;
    let b: Tenant;
    let aKey: CreatedApiKey;
    let bKey: CreatedApiKey;

    beforeAll(async () => {
      a = await createTenant(db, { slug: 'pg-tenant-a', name: 'Tenant A' });
      b = await createTenant(db, { slug: 'pg-tenant-b', name: 'Tenant B' });
      aKey = await createApiKey(db, { tenantId: a.id, roles: ['rep'], userName: 'alice' });
      bKey = await createApiKey(db, { tenantId: b.id, roles: ['admin'], userName: 'bob' });
    });

    it('runs tenant work as copilot_app, which has rolbypassrls = false', async () => {
      const role = await withTenant(db, a.id, async (tx) => {
        const result = await tx.query<{ current_user: string; rolbypassrls: boolean; rolsuper: boolean }>(
          'SELECT current_user, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user',
        );
        return result.rows[0];
      });
      expect(role).toEqual({ current_user: 'copilot_app', rolbypassrls: false, rolsuper: false });
    });

    it("does not return tenant B's user to tenant A, even by id", async () => {
      const seen = await withTenant(db, a.id, async (tx) => ({
        byId: (await tx.query('SELECT id FROM users WHERE id = $1', [bKey.userId])).rows,
        users: (await tx.query<{ id: string; tenant_id: string }>('SELECT id, tenant_id FROM users')).rows,
        keys: (await tx.query<{ id: string }>('SELECT id FROM api_keys')).rows,
        tenants: (await tx.query<{ id: string }>('SELECT id FROM tenants WHERE id IN ($1, $2)', [a.id, b.id])).rows,
      }));
      expect(seen.byId).toEqual([]);
      expect(seen.users).toEqual([{ id: aKey.userId, tenant_id: a.id }]);
      expect(seen.keys).toEqual([{ id: aKey.id }]);
      expect(seen.tenants).toEqual([{ id: a.id }]);
    });

    it('refuses to insert a row for tenant B under tenant A, and cannot change B by id', async () => {
      await expect(
        withTenant(db, a.id, (tx) => tx.query(`INSERT INTO users (tenant_id, name, roles) VALUES ($1, 'intruder', '{rep}')`, [b.id])),
      ).rejects.toThrow(/row-level security/);
      const update = await withTenant(db, a.id, (tx) => tx.query(`UPDATE users SET name = 'renamed' WHERE id = $1`, [bKey.userId]));
      expect(update.rowCount).toBe(0);
      const remove = await withTenant(db, a.id, (tx) => tx.query('DELETE FROM users WHERE id = $1', [bKey.userId]));
      expect(remove.rowCount).toBe(0);
      const intruders = await asOperator(db, (tx) => tx.query(`SELECT 1 FROM users WHERE name IN ('intruder', 'renamed')`));
      expect(intruders.rowCount).toBe(0);
    });

    it('lets the operator see both tenants', async () => {
      const users = await asOperator(db, (tx) =>
        tx.query<{ id: string }>('SELECT id FROM users WHERE id IN ($1, $2) ORDER BY name', [aKey.userId, bKey.userId]),
      );
      expect(users.rows.map((row) => row.id)).toEqual([aKey.userId, bKey.userId]);
      const tenants = await asOperator(db, (tx) =>
        tx.query<{ slug: string }>('SELECT slug FROM tenants WHERE id IN ($1, $2) ORDER BY slug', [a.id, b.id]),
      );
      expect(tenants.rows.map((row) => row.slug)).toEqual(['pg-tenant-a', 'pg-tenant-b']);
    });

    it('sees no tenant rows at all as the app role with no tenant set', async () => {
      const count = await db.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE copilot_app');
        return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n;
      });
      expect(count).toBe(0);
    });

    it('authenticates API keys across tenants through the operator', async () => {
      await expect(authenticateApiKey(db, bKey.key)).resolves.toMatchObject({
        tenantId: b.id,
        tenantSlug: 'pg-tenant-b',
        userId: bKey.userId,
        roles: ['admin'],
      });
    });
  });
});
